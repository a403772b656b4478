/**
 * What every client command shares: exit codes and option converters. It depends on no other package of the client,
 * so that the commands and {@code Main}, which lists them, do not depend on each other.
 */
package org.camelot.client.command;
