package org.camelot.protocol.http;

import org.camelot.protocol.ListenerContext;

/**
 * What a route knows of where it is mounted.
 *
 * @param <S> the route's settings type
 */
public interface RouteContext<S> {

    /** The route block's key under {@code routes:}. */
    String name();

    /** The mount path: {@code /} or a path without a trailing slash, such as {@code /birds}. */
    String path();

    /** The validated settings bound from the route block. */
    S settings();

    /** The listener the route is mounted on: its name, TLS, configuration directory and blocking executor. */
    ListenerContext<?> listener();
}
