package io.dualmigrate.config;

/** What happens to a row the target rejects. */
public enum OnError {
    /** Fail-open: the row goes to the dead-letter table with the error; the job keeps going. */
    DEAD_LETTER,
    /** Fail-closed: the job stops and restarts from its last checkpoint. */
    FAIL
}
