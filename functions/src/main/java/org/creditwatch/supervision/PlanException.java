package org.creditwatch.supervision;

/** Bad input to a spot-check plan (ratios, roster, population); the message names the file, line and field. */
public final class PlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
