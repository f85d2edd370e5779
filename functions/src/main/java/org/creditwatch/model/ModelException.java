package org.creditwatch.model;

/** A model file that cannot be used; the message names the file, the field and, where known, the line. */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }
}
