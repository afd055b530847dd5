package io.dualmigrate.parity;

/** How a table is compared; recorded per table in the run record. */
public enum ParityMethod {
    /** Count and checksum per range in both databases; only differing ranges down to rows. */
    CHECKSUM,
    /**
     * Every row read from both sides and compared in the job: a declared cast makes OLD's text
     * differ from NEW's for equal values, so OLD's values go through NEW's cast first.
     */
    ROWS
}
