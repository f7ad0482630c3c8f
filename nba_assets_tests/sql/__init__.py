"""The SQL files on tiny hand-written rows, and the rules every SQL file keeps."""
