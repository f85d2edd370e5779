package org.creditwatch.domain;

/** The record types of spec §3; each belongs to exactly one {@link Stream}. */
public enum RecordType {
    REGISTERED, CHANGED, LICENSE_GRANTED, LICENSE_REVOKED, DEREGISTERED,
    PENALTY, ABNORMAL_LISTED, ABNORMAL_REMOVED, SERIOUS_LISTED, SERIOUS_REMOVED, JUDICIAL_FREEZE, JUDICIAL_UNFREEZE,
    COMPLAINT,
    SAMPLING,
    INSPECTION
}
