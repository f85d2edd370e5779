package org.creditwatch.domain;

/** Why a message was rejected: a record (spec §3.6), or a model set published on {@code cw.models} (§12). */
public enum RejectReason {
    MALFORMED_JSON, MISSING_FIELD, INVALID_FIELD, INVALID_CREDIT_CODE, UNKNOWN_TYPE, FUTURE_OCCURRED_AT, FUTURE_REPORTED_AT,
    TOO_LARGE, INVALID_MODEL_SET
}
