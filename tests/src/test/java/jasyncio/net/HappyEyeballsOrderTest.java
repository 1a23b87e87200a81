package jasyncio.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order in which Happy Eyeballs tries a host's addresses (RFC 8305 section 4), which loopback cannot show: a
 * host name with addresses of both families. In this package to reach {@link HappyEyeballs#interleaved}.
 */
class HappyEyeballsOrderTest {
    private static List<InetSocketAddress> addresses(String... literals) throws UnknownHostException {
        List<InetSocketAddress> list = new ArrayList<>();
        for (String literal : literals) {
            list.add(new InetSocketAddress(InetAddress.getByName(literal), 443));
        }
        return list;
    }

    @Test
    void theFamiliesAlternateStartingWithTheFirstAddresssFamily() throws UnknownHostException {
        assertEquals(addresses("::1", "10.0.0.1", "::2", "10.0.0.2", "10.0.0.3"),
                HappyEyeballs.interleaved(addresses("::1", "::2", "10.0.0.1", "10.0.0.2", "10.0.0.3")));
        assertEquals(addresses("10.0.0.1", "::1", "10.0.0.2"),
                HappyEyeballs.interleaved(addresses("10.0.0.1", "10.0.0.2", "::1")));
    }

    @Test
    void oneFamilyKeepsItsOrder() throws UnknownHostException {
        assertEquals(addresses("10.0.0.2", "10.0.0.1"), HappyEyeballs.interleaved(addresses("10.0.0.2", "10.0.0.1")));
        assertEquals(List.of(), HappyEyeballs.interleaved(List.of()));
    }
}
