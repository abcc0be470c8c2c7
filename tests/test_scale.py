"""Scale-out: the same JSON briefs serially and on a Dask LocalCluster; failures stay per job."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli import main
from storyfuse.samples import sample_dir
from storyfuse.scale import StoryJob, brief_job, jobs_for, run_dask, run_local, unique_names

pytest.importorskip("distributed")

CLUSTERS = ("d30003t", "d30005t")  # two small DUC 2003 clusters
WORDS = 60
WORKERS = 2


@pytest.fixture(scope="module")
def jobs(shared_data: Path) -> list[StoryJob]:
    duc = shared_data / "duc2003"
    return [
        *jobs_for(sample_dir()),
        *(StoryJob(name, (str(duc / name / "docs"),)) for name in CLUSTERS),
    ]


@pytest.fixture(scope="module")
def local_results(jobs: list[StoryJob]) -> list[str | None]:
    return [r.brief_json for r in run_local(jobs, words=WORDS)]


def test_jobs_for_expands_a_data_set_and_a_story(shared_data: Path, tmp_path: Path) -> None:
    duc = jobs_for(shared_data / "duc2003")
    assert len(duc) > 2
    assert duc[0] == StoryJob("d30003t", (str(shared_data / "duc2003" / "d30003t" / "docs"),))
    assert jobs_for(sample_dir()) == [StoryJob(sample_dir().name, (str(sample_dir() / "docs"),))]
    assert jobs_for(tmp_path) == [StoryJob(tmp_path.name, (str(tmp_path),))]
    with pytest.raises(ValueError, match="not a folder"):
        jobs_for(tmp_path / "missing")


def test_unique_names_keeps_order() -> None:
    jobs = [StoryJob("a", ("x",)), StoryJob("a", ("y",)), StoryJob("b", ("z",))]
    assert [j.name for j in unique_names(jobs)] == ["a", "a-2", "b"]


def test_local_briefs_are_json_with_sources(local_results: list[str | None]) -> None:
    for brief_json in local_results:
        assert brief_json is not None
        data = json.loads(brief_json)
        assert 0 < data["words"] <= WORDS
        assert data["sources"]


def test_dask_matches_local_and_isolates_a_failure(
    jobs: list[StoryJob], local_results: list[str | None], tmp_path: Path
) -> None:
    empty = StoryJob("empty", (str(tmp_path),))
    results = run_dask([jobs[0], empty, *jobs[1:]], words=WORDS, workers=WORKERS)
    assert [r.name for r in results] == [jobs[0].name, "empty", *(j.name for j in jobs[1:])]
    failed = results.pop(1)
    assert failed.brief_json is None
    assert failed.error is not None and "no readable article" in failed.error
    assert [r.error for r in results] == [None] * len(jobs)
    assert [r.brief_json for r in results] == local_results


def test_brief_job_captures_a_failure(tmp_path: Path) -> None:
    result = brief_job(StoryJob("missing", (str(tmp_path / "nope"),)))
    assert result.brief_json is None and result.error is not None
    assert any("no such file" in w for w in result.warnings)


@pytest.mark.parametrize("mode", [["--local"], ["--workers", str(WORKERS)]])
def test_cli_batch_writes_one_brief_per_cluster(
    shared_data: Path, tmp_path: Path, mode: list[str]
) -> None:
    data_set = tmp_path / "set"
    data_set.mkdir()
    for name in CLUSTERS:
        (data_set / name).symlink_to(shared_data / "duc2003" / name, target_is_directory=True)
    out = tmp_path / "briefs"
    result = CliRunner().invoke(
        main, ["batch", str(data_set), "--words", str(WORDS), "--out", str(out), *mode]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.json" for n in CLUSTERS]
    for name in CLUSTERS:
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["sources"]
        assert f"{name}  " in result.output
    assert "2 jobs (0 failed)" in result.output


def test_cli_batch_rejects_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope"), "--local"])
    assert missing.exit_code == 2
    assert "not a folder" in missing.output
    both = runner.invoke(main, ["batch", str(tmp_path), "--local", "--scheduler", "tcp://x:1"])
    assert both.exit_code == 2


def test_cli_batch_reports_a_failed_job(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["batch", str(tmp_path), "--local", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "error: no readable article" in result.output
