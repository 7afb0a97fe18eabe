"""Reads of the courses app, one module per area (common, learning, quizzes, certificates,
transcripts, reports); each function's query count stays flat as data grows."""
