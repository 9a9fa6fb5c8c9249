package dev.zerobus.spring;

/** Why records were not made durable: the {@code reason} tag of {@code zerobus.records.failed}. */
public enum FailureReason {

    /** Refused before the wire: conversion failed, malformed JSON, too large, wrong type for the table. */
    INVALID("invalid"),

    /** The service refused the request as invalid. */
    REFUSED("refused"),

    /** No stream opened or no room in the in-flight window within {@code zerobus.template.max-block}. */
    TIMEOUT("timeout"),

    /** The table's streams cannot be opened (credentials, grants, connection). */
    UNAVAILABLE("unavailable"),

    /** The stream failed and the records could not be re-sent. */
    STREAM_FAILED("stream_failed"),

    /** The application shut down before the records were acknowledged. */
    SHUTDOWN("shutdown");

    private final String tagValue;

    FailureReason(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The value of the {@code reason} tag. */
    public String tagValue() {
        return this.tagValue;
    }
}
