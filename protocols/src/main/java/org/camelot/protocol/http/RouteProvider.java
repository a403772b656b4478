package org.camelot.protocol.http;

/**
 * A kind of HTTP route, found by {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/org.camelot.protocol.http.RouteProvider}, in a jar on the class path or in the plugins
 * directory). An {@code http} listener mounts each block under its {@code routes:} key on the provider whose
 * {@link #name()} is the block's {@code type} (or, without one, the block's own key).
 *
 * <p>A provider is stateless, like a {@link org.camelot.protocol.ProtocolProvider}: it declares the type its settings
 * bind to and creates one {@link Route} per listener and block.
 *
 * @param <S> the route's settings type, bound from the block's keys other than {@code type} and {@code path}
 *            (kebab-case, unknown keys refused) and validated by its constructor, which throws
 *            {@link org.camelot.protocol.InvalidSettingException} for a bad value
 */
public interface RouteProvider<S> {

    /** The route type, as written in a route block's {@code type} key (or as the block's key). */
    String name();

    /** The type the route block binds to; binding an empty block must give the defaults. */
    Class<S> settingsType();

    /** Where the route is mounted when its block has no {@code path} key. */
    default String defaultPath() {
        return "/" + name();
    }

    /**
     * Creates the route for one listener. Called once per listener at start-up, off any event loop, so it may read
     * files; a problem with what the settings name is reported by throwing
     * {@link org.camelot.protocol.InvalidSettingException} with the key relative to the route block.
     */
    Route create(RouteContext<S> context) throws Exception;
}
