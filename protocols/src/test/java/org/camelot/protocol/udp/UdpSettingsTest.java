package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.camelot.protocol.InvalidSettingException;
import org.junit.jupiter.api.Test;

class UdpSettingsTest {

    @Test
    void defaultsToUpperCaseWithTheLargestIpv4DatagramAndNoRateLimit() {
        UdpSettings s = new UdpSettings(null, null, null, null, null, null, null);
        assertEquals(UdpMode.UPPER, s.mode());
        assertEquals(65_507, s.maxDatagramSize());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.threads());
        assertEquals(2 << 20, s.receiveBufferSize());
        assertEquals(0, s.rateLimit());
        assertEquals(65_536, s.rateLimitSources());
    }

    @Test
    void burstDefaultsToOneSecondOfTheRate() {
        assertEquals(50, new UdpSettings(UdpMode.ECHO, null, 1, null, 50, null, null).rateLimitBurst());
        assertEquals(7, new UdpSettings(UdpMode.ECHO, null, 1, null, 50, 7, null).rateLimitBurst());
    }

    @Test
    void refusesValuesOutOfRangeNamingTheKey() {
        assertEquals("max-datagram-size", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, 0, null, null, null, null, null)).key());
        assertEquals("max-datagram-size", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, 65_528, null, null, null, null, null)).key());
        assertEquals("threads", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, null, 0, null, null, null, null)).key());
        assertEquals("receive-buffer-size", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, null, null, 100, null, null, null)).key());
        assertEquals("rate-limit", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, null, null, null, -1, null, null)).key());
        assertEquals("rate-limit-burst", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, null, null, null, null, 10, null)).key());
        assertEquals("rate-limit-sources", assertThrows(InvalidSettingException.class,
                () -> new UdpSettings(null, null, null, null, 5, null, 0)).key());
    }

    @Test
    void acceptsZeroReceiveBufferAsTheSystemDefault() {
        assertEquals(0, new UdpSettings(null, null, null, 0, null, null, null).receiveBufferSize());
    }
}
