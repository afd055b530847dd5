package io.dualmigrate.shadow;

/** Why one field of a {@link Category#VALUE_MISMATCH} differs, as far as the values tell. */
public enum Cause {
    /** The same instant written differently, or equal at the coarser of the two precisions. */
    TIMESTAMP_PRECISION,
    /** Equal after Unicode normalisation, or one is the other's UTF-8 read as Latin-1. */
    ENCODING,
    /** Numbers equal at the smaller of the two scales, or within floating-point error. */
    NUMERIC_PRECISION,
    /** Different JSON types, e.g. {@code "1"} and {@code 1}. */
    TYPE,
    /** One side is null or missing, the other empty ({@code ""}, {@code []}, <code>{}</code>). */
    NULL_VS_EMPTY,
    /** The same elements in another order. */
    ORDERING,
    OTHER
}
