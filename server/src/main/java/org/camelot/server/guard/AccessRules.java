package org.camelot.server.guard;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.camelot.protocol.InvalidSettingException;

/**
 * A listener's {@code allow} and {@code deny} lists, in the spirit of {@code hosts.allow}, on Netty's
 * {@link RuleBasedIpFilter}: an address in a {@code deny} range is refused; otherwise, once an {@code allow} list
 * exists, only addresses in one of its ranges are accepted. Entries are addresses or CIDR ranges, IPv4 or IPv6.
 */
@ChannelHandler.Sharable
public final class AccessRules extends RuleBasedIpFilter {

    private final Runnable onRefused;
    private final List<String> allow;
    private final List<String> deny;

    private AccessRules(List<String> allow, List<String> deny, IpFilterRule[] rules, Runnable onRefused) {
        super(true, rules);
        this.allow = allow;
        this.deny = deny;
        this.onRefused = onRefused;
    }

    /**
     * @param onRefused called for each refused connection or datagram, to count it
     * @throws InvalidSettingException naming {@code allow[i]} or {@code deny[i]} for an entry that is not an address
     *                                 or CIDR range
     */
    public static AccessRules of(List<String> allow, List<String> deny, Runnable onRefused) {
        List<IpFilterRule> rules = new ArrayList<>();
        for (int i = 0; i < deny.size(); i++) {
            rules.add(rule("deny[" + i + "]", deny.get(i), IpFilterRuleType.REJECT));
        }
        for (int i = 0; i < allow.size(); i++) {
            rules.add(rule("allow[" + i + "]", allow.get(i), IpFilterRuleType.ACCEPT));
        }
        if (!allow.isEmpty()) {
            rules.add(new IpSubnetFilterRule("0.0.0.0", 0, IpFilterRuleType.REJECT));
            rules.add(new IpSubnetFilterRule("::", 0, IpFilterRuleType.REJECT));
        }
        return new AccessRules(List.copyOf(allow), List.copyOf(deny), rules.toArray(IpFilterRule[]::new), onRefused);
    }

    static IpFilterRule rule(String key, String entry, IpFilterRuleType type) {
        String expected = "an IP address or a CIDR range such as 192.168.0.0/16 or 2001:db8::/32";
        String text = entry == null ? "" : entry.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.isEmpty() || !host.matches("[0-9a-fA-F:.%]+")) {
            throw new InvalidSettingException(key, entry, expected);
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            int max = address.getAddress().length * 8;
            int bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > max) {
                throw new InvalidSettingException(key, entry, "a prefix length from 0 to " + max);
            }
            return new IpSubnetFilterRule(address, bits, type);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new InvalidSettingException(key, entry, expected);
        }
    }

    /** Whether the rules let {@code address} in; counts a refusal. */
    public boolean allows(InetSocketAddress address) {
        boolean ok;
        try {
            ok = accept(null, address);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            onRefused.run();
        }
        return ok;
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        onRefused.run();
        return null;
    }

    public boolean isEmpty() {
        return allow.isEmpty() && deny.isEmpty();
    }

    public List<String> allow() {
        return allow;
    }

    public List<String> deny() {
        return deny;
    }
}
