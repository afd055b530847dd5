package io.dualmigrate.config;

/** Where the version of a change comes from. */
public enum VersionSource {
    /** The source WAL position of the change: needs no clocks and no application support. */
    LSN,
    /** A column the application maintains, for applications that also write NEW directly. */
    COLUMN
}
