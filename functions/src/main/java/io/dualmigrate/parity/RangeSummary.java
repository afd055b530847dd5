package io.dualmigrate.parity;

/**
 * A key range as one database sums it up: row count and an order-independent checksum (the sum of a
 * 64-bit hash of each row's canonical text, as exact numeric text, so it cannot overflow).
 */
public record RangeSummary(long rows, String checksum) {}
