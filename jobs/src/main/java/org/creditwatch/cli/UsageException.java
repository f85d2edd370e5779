package org.creditwatch.cli;

/** A bad command line: the message says what is wrong; the command exits with {@link Main#EXIT_USAGE}. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
