"""Text: cleaning, segmenting, word statistics, the document model, sentence support."""
