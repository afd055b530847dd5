package io.dualmigrate.demo.shadow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the simulated {@code customer} entity, and the ways its NEW copy can differ.
 *
 * <p>OLD calls the name column {@code full_name}, NEW calls it {@code name} (the rename rule of the
 * demo's shadow config maps one to the other). Every value is made so that each kind of difference
 * really changes it: names carry a composed accent (their NFD form differs), balances have a third
 * decimal (rounding to two changes them), timestamps have microseconds (truncating to millis
 * changes them), there are two distinct tags (reversing changes the order).
 *
 * @param profile {@code size} is a number, or its decimal string for a type difference
 */
public record Customer(
        long id,
        String name,
        String email,
        BigDecimal balance,
        List<String> tags,
        String tier,
        Object size,
        Instant updatedAt,
        long version) {

    private static final String[] FIRST = {"Zoë", "José", "Renée", "Jörg", "Søren", "Chloé"};
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** The current row of key {@code id}, the same on every call. */
    public static Customer current(long id) {
        return new Customer(
                id,
                FIRST[(int) (id % FIRST.length)] + " Müller " + id,
                "customer" + id + "@example.com",
                BigDecimal.valueOf(id % 10_000).add(new BigDecimal("0.125")),
                List.of("tag" + (id % 3), "segment" + (id % 5)),
                id % 2 == 0 ? "gold" : "silver",
                (int) (id % 7),
                EPOCH.plusSeconds(id % 1_000_000).plusNanos(((id * 7919) % 999 + 1) * 1_000),
                3 + id % 4);
    }

    /** The row as it was one write earlier. */
    public Customer previous() {
        return new Customer(
                id,
                name,
                email,
                balance.subtract(BigDecimal.TEN),
                tags,
                tier,
                size,
                updatedAt.minus(1, ChronoUnit.MINUTES),
                version - 1);
    }

    /** The row after one more write. */
    public Customer next() {
        return new Customer(
                id,
                name,
                email,
                balance.add(BigDecimal.TEN),
                tags,
                tier,
                size,
                updatedAt.plus(1, ChronoUnit.MINUTES),
                version + 1);
    }

    /** The same row at the same version, with one value changed the way {@code cause} names. */
    public Customer differingBy(Scenario.Cause cause) {
        return switch (cause) {
            case TIMESTAMP_PRECISION -> withUpdatedAt(updatedAt.truncatedTo(ChronoUnit.MILLIS));
            case ENCODING -> withName(Normalizer.normalize(name, Normalizer.Form.NFD));
            case NUMERIC_PRECISION -> withBalance(balance.setScale(2, RoundingMode.HALF_UP));
            case TYPE -> withSize(String.valueOf(size));
            case NULL_VS_EMPTY -> withEmail(email == null || !email.isEmpty() ? "" : null);
            case ORDERING -> withTags(reversed(tags));
            case OTHER -> withName("Somebody Else " + id);
        };
    }

    /** OLD's answer: the name column is {@code full_name}. */
    public ObjectNode oldPayload() {
        return payload("full_name");
    }

    /** NEW's answer: the name column is {@code name}. */
    public ObjectNode newPayload() {
        return payload("name");
    }

    Customer withEmail(String value) {
        return new Customer(id, name, value, balance, tags, tier, size, updatedAt, version);
    }

    private Customer withName(String value) {
        return new Customer(id, value, email, balance, tags, tier, size, updatedAt, version);
    }

    private Customer withBalance(BigDecimal value) {
        return new Customer(id, name, email, value, tags, tier, size, updatedAt, version);
    }

    private Customer withTags(List<String> value) {
        return new Customer(id, name, email, balance, value, tier, size, updatedAt, version);
    }

    private Customer withSize(Object value) {
        return new Customer(id, name, email, balance, tags, tier, value, updatedAt, version);
    }

    private Customer withUpdatedAt(Instant value) {
        return new Customer(id, name, email, balance, tags, tier, size, value, version);
    }

    private ObjectNode payload(String nameField) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        node.put(nameField, name);
        if (email == null) {
            node.putNull("email");
        } else {
            node.put("email", email);
        }
        node.put("balance", balance);
        tags.forEach(node.putArray("tags")::add);
        ObjectNode profile = node.putObject("profile");
        profile.put("tier", tier);
        if (size instanceof String text) {
            profile.put("size", text);
        } else {
            profile.put("size", (Integer) size);
        }
        node.put("updated_at", updatedAt.toString());
        return node;
    }

    private static List<String> reversed(List<String> list) {
        List<String> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return List.copyOf(out);
    }
}
