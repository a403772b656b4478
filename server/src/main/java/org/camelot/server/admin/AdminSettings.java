package org.camelot.server.admin;

import org.camelot.protocol.Settings;

/**
 * Settings of the {@code admin} protocol.
 *
 * @param allowRemote whether clients other than loopback ones are served (default false: the admin endpoints are
 *                    for the machine itself, whatever address the listener binds)
 */
public record AdminSettings(Boolean allowRemote) {

    public AdminSettings {
        allowRemote = Settings.orDefault(allowRemote, false);
    }
}
