package org.creditwatch.domain;

/** Why a record was rejected (spec §3.6). */
public enum RejectReason {
    MALFORMED_JSON, MISSING_FIELD, INVALID_FIELD, INVALID_CREDIT_CODE, UNKNOWN_TYPE, FUTURE_OCCURRED_AT, TOO_LARGE
}
