package io.dualmigrate.demo.shadow;

/**
 * One generated Kafka record of the read log.
 *
 * @param partition the topic partition it goes to
 * @param key the request id (the record key), or null for some malformed events
 * @param value the JSON event (or the malformed bytes)
 * @param timestamp the record timestamp: the event time, or the time it was sent when the event has
 *     none
 */
public record ReadLogRecord(int partition, String key, byte[] value, long timestamp) {}
