package org.creditwatch.domain;

/** A message that could not be accepted, with the reason and its raw text (cut, personal data removed). */
public class Reject {
    public RejectReason reason;
    public String detail;
    /** The topic the message came from ({@code cw.complaints}, …, {@code cw.models}). */
    public String stream;
    public String raw;
    /** The record's eventId when it could be read: lets an operator find the source record. */
    public String eventId;

    public Reject() {}

    public Reject(RejectReason reason, String detail, String stream, String raw, String eventId) {
        this.reason = reason;
        this.detail = detail;
        this.stream = stream;
        this.raw = raw;
        this.eventId = eventId;
    }

    @Override
    public String toString() {
        return reason + " (" + detail + ") on " + stream;
    }
}
