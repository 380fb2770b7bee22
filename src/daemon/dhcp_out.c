#include "dhcp_out.h"

#include <string.h>

#include "core/log.h"
#include "core/str.h"

void dhcp_out_resolve(struct dhcp_out *o, const struct dhcp_tx *tx, int udp_fd, int l2fd,
		      int ifindex, uint32_t if_addr)
{
	o->fd = udp_fd;
	o->l2fd = tx->dest == DHCP_DEST_UNICAST_HW && tx->dst_hlen > 0 ? l2fd : -1;
	o->ifindex = tx->dest == DHCP_DEST_UNICAST ? 0 : ifindex;
	o->src_ip = tx->src_ip ? tx->src_ip : if_addr;
	o->src_port = tx->src_port;
	o->dst_hlen = tx->dst_hlen > sizeof(o->dst_hw) ? sizeof(o->dst_hw) : tx->dst_hlen;
	memcpy(o->dst_hw, tx->dst_hw, o->dst_hlen);
	if (tx->dest == DHCP_DEST_UNICAST || o->l2fd >= 0) {
		o->dst_ip = tx->dst_ip;
		o->dst_port = tx->dst_port;
	} else {
		/* broadcasts, and link-layer replies we cannot make */
		o->dst_ip = 0xffffffffu;
		o->dst_port = tx->dest == DHCP_DEST_BROADCAST && tx->dst_port ? tx->dst_port : DHCP_CLIENT_PORT;
	}
	o->len = tx->len;
	memcpy(o->data, tx->data, tx->len);
}

static void log_failure(uint32_t ip, uint16_t port, int err)
{
	char a[IPV4_STRLEN];
	log_warn("dhcp: sending reply to %s:%u failed: %s", ipv4_to_str(ip, a), port, strerror(-err));
}

static void to_net_tx(const struct dhcp_out *o, struct net_tx *t, bool broadcast)
{
	*t = (struct net_tx){ .data = o->data, .len = o->len, .src_ip = o->src_ip, .ifindex = o->ifindex,
			      .dst_ip = broadcast ? 0xffffffffu : o->dst_ip,
			      .dst_port = broadcast ? DHCP_CLIENT_PORT : o->dst_port };
}

void dhcp_out_send(const struct dhcp_out *o, size_t n)
{
	struct net_tx tx[NET_BATCH_MAX];
	size_t i = 0;
	while (i < n) {
		if (o[i].l2fd >= 0) {
			int r = net_l2_send_udp(o[i].l2fd, o[i].ifindex, o[i].dst_hw, o[i].dst_hlen, o[i].src_ip,
						o[i].src_port, o[i].dst_ip, o[i].dst_port, o[i].data, o[i].len);
			if (r < 0) {
				log_debug("dhcp: link-layer send failed (%s), broadcasting", strerror(-r));
				to_net_tx(&o[i], &tx[0], true);
				net_udp_send_batch(o[i].fd, tx, 1);
				if (tx[0].err < 0)
					log_failure(tx[0].dst_ip, tx[0].dst_port, tx[0].err);
			}
			i++;
			continue;
		}
		/* a run of UDP replies on one socket */
		size_t k = 0;
		int fd = o[i].fd;
		while (i < n && k < NET_BATCH_MAX && o[i].l2fd < 0 && o[i].fd == fd)
			to_net_tx(&o[i++], &tx[k++], false);
		net_udp_send_batch(fd, tx, (unsigned)k);
		for (size_t j = 0; j < k; j++)
			if (tx[j].err < 0)
				log_failure(tx[j].dst_ip, tx[j].dst_port, tx[j].err);
	}
}
