"""Scale-out: the same JSON briefs serially and on a Dask LocalCluster; failures stay per job."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse.cli.main import main
from storyfuse.samples import sample_dir
from storyfuse.scale import (
    StoryJob,
    brief_job,
    dask_client,
    dask_map,
    ingest_batch,
    jobs_for,
    load_job,
    load_jobs,
    merge_loads,
    run_dask,
    run_local,
    unique_names,
)
from storyfuse.store import Store

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


@pytest.mark.slow
def test_local_briefs_are_json_with_sources(local_results: list[str | None]) -> None:
    for brief_json in local_results:
        assert brief_json is not None
        data = json.loads(brief_json)
        assert 0 < data["words"] <= WORDS
        assert data["sources"]


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("mode", [["--local"], ["--workers", str(WORKERS)]], ids=["local", "dask"])
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


# ---- into the store ------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A small in-process Dask cluster (threads): fast to start, the same code path."""
    import distributed

    with distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=WORKERS, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def sources(shared_data: Path) -> list[str]:
    duc = shared_data / "duc2003"
    return [str(sample_dir()), *(str(duc / name) for name in CLUSTERS)]


def _contents(store: Store) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for row in store.stories():
        ids = tuple(a.id for a in store.story_articles(row.id))
        dups = tuple(store.duplicate_of(i) for i in ids)
        rows.append((row.id, row.title, ids, dups, store.brief(row.id) is not None))
    return rows


def _briefs(store: Store) -> dict[str, str | None]:
    """Each story's saved brief JSON (its save time left out)."""
    found: dict[str, str | None] = {}
    for row in store.stories():
        saved = store.brief(row.id)
        found[row.id] = saved[0] if saved is not None else None
    return found


def test_load_jobs_split_folders_and_keep_load_order(tmp_path: Path, shared_data: Path) -> None:
    flat = tmp_path / "flat"
    (flat / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt", ".hidden.txt", "sub/d.txt", "z.txt"):
        (flat / name).write_text("Text.", encoding="utf-8")
    jobs = load_jobs([str(flat), "https://example.org/feed"], files_per_job=2)
    assert jobs == [
        (str(flat / "a.txt"), str(flat / "b.txt")),
        (str(flat / "c.txt"),),
        (str(flat / "sub" / "d.txt"),),
        (str(flat / "z.txt"),),
        ("https://example.org/feed",),
    ]
    duc = shared_data / "duc2003"
    assert load_jobs([str(duc / CLUSTERS[0])]) == [(str(duc / CLUSTERS[0]),)]  # has meta.json
    assert load_jobs([str(duc)])[:2] == [(str(p),) for p in sorted(duc.iterdir())[:2]]
    assert load_jobs([str(tmp_path / "missing")]) == [(str(tmp_path / "missing"),)]


def test_merge_loads_keeps_the_first_of_an_id_or_a_text(tmp_path: Path) -> None:
    texts = {"a.txt": "One report.", "b.txt": "Another report.", "c.txt": "one   REPORT."}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    loads = [load_job((str(tmp_path / name),)) for name in ("a.txt", "b.txt", "c.txt", "a.txt")]
    prepared, warnings = merge_loads(loads)
    assert [Path(p.article.path or "").name for p in prepared] == ["a.txt", "b.txt"]
    assert len(warnings) == 2 and all("duplicate of an earlier article" in w for w in warnings)
    missing = load_job((str(tmp_path / "nope"),))
    assert missing.prepared == () and any("no such file" in w for w in missing.warnings)


@pytest.mark.slow
def test_ingest_batch_on_dask_matches_serial(
    sources: list[str], scheduler: str, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "local.sqlite") as local, Store.open(tmp_path / "dask.sqlite") as on:
        serial = ingest_batch(local, sources, words=WORDS)
        with dask_client(scheduler) as client:
            parallel = ingest_batch(on, sources, mapper=dask_map(client), words=WORDS)
            again = ingest_batch(on, sources, mapper=dask_map(client), words=WORDS)
        assert serial == parallel
        assert serial.ingest.added == on.count_articles() and serial.ingest.stories_touched
        assert [r.name for r in serial.briefs] == list(serial.ingest.stories_touched)
        assert all(r.ok for r in serial.briefs)
        assert _contents(local) == _contents(on)
        assert _briefs(on) == _briefs(local)
        assert (again.ingest.added, again.ingest.stories_touched, again.briefs) == (0, (), ())
        assert again.ingest.existing == serial.ingest.added + serial.ingest.existing


@pytest.mark.slow
def test_ingest_batch_matches_storyfuse_ingest(sources: list[str], tmp_path: Path) -> None:
    from storyfuse.ingest import load_paths
    from storyfuse.stories.stream import arrival_order, ingest_articles

    with Store.open(tmp_path / "b.sqlite") as batch, Store.open(tmp_path / "i.sqlite") as plain:
        ingest_batch(batch, sources, words=WORDS)
        ingest_articles(plain, arrival_order(load_paths(sources).articles))
        assert [row[:4] for row in _contents(batch)] == [row[:4] for row in _contents(plain)]


@pytest.mark.slow
def test_cli_batch_into_the_store(sources: list[str], scheduler: str, tmp_path: Path) -> None:
    runner = CliRunner()
    local_db, dask_db, out = tmp_path / "l.sqlite", tmp_path / "d.sqlite", tmp_path / "out"
    local = runner.invoke(
        main, ["batch", *sources, "--db", str(local_db), "--words", str(WORDS), "--local"]
    )
    assert local.exit_code == 0, local.output
    on = runner.invoke(
        main,
        [
            "batch",
            *sources,
            "--db",
            str(dask_db),
            "--words",
            str(WORDS),
            "--scheduler",
            scheduler,
            "--out",
            str(out),
        ],
    )
    assert on.exit_code == 0, on.output
    assert local.stdout.splitlines()[:-1] == on.stdout.splitlines()[:-1]
    assert "duplicates" in on.stdout and "briefs (0 failed)" in on.stdout
    with Store.open(local_db) as one, Store.open(dask_db) as two:
        assert _contents(one) == _contents(two)
        assert sorted(p.stem for p in out.iterdir()) == sorted(row.id for row in two.stories())
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(
        main, ["batch", str(tmp_path / "empty"), "--db", str(local_db), "--local"]
    )
    assert empty.exit_code == 2 and "no readable article" in empty.stderr
