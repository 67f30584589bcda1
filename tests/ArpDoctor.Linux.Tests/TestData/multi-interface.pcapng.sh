#!/bin/sh
# Makes multi-interface.pcapng: one ARP exchange seen three ways, merged by mergecap into one pcapng
# whose interfaces have different link types, as Wireshark or `tcpdump -i any` next to `-i eth0` give.
# Address plan: client 203.0.113.1 (02:00:00:00:00:01) probes VIP 203.0.113.10, held on kube-ipvs0 by
# node 1 (02:00:00:00:01:01) and node 2 (02:00:00:00:01:02), both answering (kube-proxy IPVS without strictARP).
# Run as root; needs iproute2, tcpdump, iputils-arping, wireshark-common (mergecap).
set -eu
export LC_ALL=C
out=${1:-multi-interface.pcapng}
p=mi$$; br=$p-br; cl=$p-c; n1=$p-n1; n2=$p-n2
work=$(mktemp -d)
cleanup() { for ns in $cl $n1 $n2 $br; do ip netns del $ns 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
for ns in $br $cl $n1 $n2; do ip netns add $ns; done
ip -n $br link add br0 type bridge; ip -n $br link set br0 up
i=0
for ns in $cl $n1 $n2; do
  ip -n $br link add p$i type veth peer name eth0 netns $ns
  ip -n $br link set p$i master br0 up
  ip -n $ns link set lo up
  i=$((i+1))
done
ip -n $cl link set eth0 address 02:00:00:00:00:01 up; ip -n $cl addr add 203.0.113.1/24 dev eth0
n=1
for ns in $n1 $n2; do
  ip -n $ns link set eth0 address 02:00:00:00:01:0$n up; ip -n $ns addr add 203.0.113.2$n/24 dev eth0
  ip -n $ns link add kube-ipvs0 type veth peer name kube-peer
  ip -n $ns addr add 203.0.113.10/32 dev kube-ipvs0
  n=$((n+1))
done
capture() { # name, tcpdump options and filter: three broadcast probes while it runs
  name=$1; shift
  ip netns exec $cl tcpdump -U -n -w "$work/$name" "$@" 2>"$work/$name.log" & pid=$!
  sleep 1.5
  ip netns exec $cl arping -b -c 3 -I eth0 203.0.113.10 >/dev/null || true
  sleep 0.5; kill -INT $pid; wait $pid || true
}
capture eth.pcap -i eth0 arp                 # LINKTYPE_ETHERNET (1)
capture any2.pcap -i any arp                 # LINKTYPE_LINUX_SLL2 (276)
capture any1.pcap -i any -y LINUX_SLL --time-stamp-precision nano arp   # LINKTYPE_LINUX_SLL (113), if_tsresol 9
capture docsis.pcap -i eth0 -y DOCSIS        # LINKTYPE_DOCSIS (143): Ethernet devices offer it; ArpDoctor does not read it
mergecap -F pcapng -w "$out" "$work/eth.pcap" "$work/any2.pcap" "$work/any1.pcap" "$work/docsis.pcap"
