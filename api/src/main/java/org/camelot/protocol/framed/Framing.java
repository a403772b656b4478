package org.camelot.protocol.framed;

import org.camelot.protocol.InvalidSettingException;

/**
 * How a byte stream splits into messages: each ends with a delimiter byte, and none may be longer than
 * {@code maxLength} bytes (delimiter included).
 *
 * @param delimiter        the byte that ends a message
 * @param maxLength        the longest message accepted, delimiter included
 * @param includeDelimiter whether the frames handed to the protocol keep their delimiter
 */
public record Framing(byte delimiter, int maxLength, boolean includeDelimiter) {

    public Framing {
        if (maxLength < 1) {
            throw new InvalidSettingException("max-length", maxLength, "a positive number of bytes");
        }
    }
}
