package org.camelot.server.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.protocol.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

    private final AtomicInteger refused = new AtomicInteger();

    private AccessRules rules(List<String> allow, List<String> deny) {
        return AccessRules.of(allow, deny, refused::incrementAndGet);
    }

    private static InetSocketAddress at(String ip) {
        return new InetSocketAddress(ip, 4242);
    }

    @Test
    void withNoRulesEveryoneIsAllowed() {
        AccessRules r = rules(List.of(), List.of());
        assertTrue(r.isEmpty());
        assertTrue(r.allows(at("203.0.113.9")));
        assertTrue(r.allows(at("2001:db8::1")));
    }

    @Test
    void anAllowListRefusesEverythingElseIpv4AndIpv6() {
        AccessRules r = rules(List.of("10.0.0.0/8", "2001:db8::/32"), List.of());
        assertTrue(r.allows(at("10.1.2.3")));
        assertTrue(r.allows(at("2001:db8:1::5")));
        assertFalse(r.allows(at("11.0.0.1")));
        assertFalse(r.allows(at("2001:db9::1")));
        assertEquals(2, refused.get());
    }

    @Test
    void denyWinsOverAllow() {
        AccessRules r = rules(List.of("192.168.0.0/16"), List.of("192.168.66.0/24", "192.168.1.7"));
        assertTrue(r.allows(at("192.168.1.8")));
        assertFalse(r.allows(at("192.168.1.7")));
        assertFalse(r.allows(at("192.168.66.200")));
    }

    @Test
    void denyAloneLetsTheRestIn() {
        AccessRules r = rules(List.of(), List.of("::1", "127.0.0.1"));
        assertFalse(r.allows(at("::1")));
        assertFalse(r.allows(at("127.0.0.1")));
        assertTrue(r.allows(at("127.0.0.2")));
    }

    @Test
    void badEntriesNameTheirPlaceInTheList() {
        var e = assertThrows(InvalidSettingException.class, () -> rules(List.of("10.0.0.0/8", "example.com"), List.of()));
        assertEquals("allow[1]", e.key());
        e = assertThrows(InvalidSettingException.class, () -> rules(List.of(), List.of("10.0.0.0/33")));
        assertEquals("deny[0]", e.key());
        assertTrue(e.expected().contains("0 to 32"), e.expected());
        e = assertThrows(InvalidSettingException.class, () -> rules(List.of(), List.of("10.0.0.0/x")));
        assertEquals("deny[0]", e.key());
    }
}
