#!/bin/sh
# Makes the golden files in this folder with the real tools (tcpdump, tshark, iputils arping, net-tools arp) in a
# throw-away lab. Run as root from this folder; it deletes every namespace it creates, also when it fails.
#
# Address plan: client 203.0.113.1 (02:00:00:00:00:01); nodes 1-3 at 203.0.113.1N (02:00:00:00:01:0N), each with the
# VIP 203.0.113.10 on a kube-ipvs0 (kube-proxy's IPVS mode without strictARP: every node answers for it); all on one
# bridge. 203.0.113.99 has no owner. VLAN 1000 frames (802.1Q) are written by a raw socket, tagged, on the same veths.
set -eu
P="adg$$"
OUT="$(pwd)"
WORK="$(mktemp -d)"
cleanup() {
    for ns in br c n1 n2 n3; do ip netns del "$P$ns" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for ns in br c n1 n2 n3; do ip netns add "$P$ns"; done
ip -n "${P}br" link add br0 type bridge
ip -n "${P}br" link set br0 up
attach() { # namespace mac address
    ip -n "${P}br" link add "p$1" type veth peer name eth0 netns "$P$1"
    ip -n "${P}br" link set "p$1" master br0 up
    ip -n "$P$1" link set eth0 address "$2"
    ip -n "$P$1" addr add "$3/24" dev eth0
    ip -n "$P$1" link set eth0 up
    ip -n "$P$1" link set lo up
}
attach c 02:00:00:00:00:01 203.0.113.1
for k in 1 2 3; do
    attach "n$k" "02:00:00:00:01:0$k" "203.0.113.1$k"
    ip -n "${P}n$k" link add kube-ipvs0 type veth peer name kube-ipvs0p
    ip -n "${P}n$k" addr add 203.0.113.10/32 dev kube-ipvs0
done
sleep 2 # let the bridge ports forward

ip netns exec "${P}c" tcpdump -n -i eth0 -w "$WORK/eth0.pcap" 'arp or (vlan and arp)' 2>/dev/null &
D1=$!
ip netns exec "${P}c" tcpdump -n -i any -w "$WORK/any.pcap" arp 2>/dev/null &
D2=$!
sleep 2

# Three rounds, three answers each (broadcast probes: -b).
ip netns exec "${P}c" arping -b -c 3 -I eth0 203.0.113.10 > "$OUT/arping-during-capture.txt" || true
# Node 2 announces the VIP (a gratuitous request), node 3 with a gratuitous reply.
ip netns exec "${P}n2" arping -U -c 1 -I eth0 -s 203.0.113.10 203.0.113.10 >/dev/null || true
ip netns exec "${P}n3" arping -A -c 1 -I eth0 -s 203.0.113.10 203.0.113.10 >/dev/null || true
# Tagged frames on VLAN 1000: a request from the client, replies from nodes 1 and 2.
ip netns exec "${P}c" python3 "$OUT/tagged-arp.py" eth0 request 02:00:00:00:00:01 203.0.113.1 203.0.113.10
sleep 0.05
ip netns exec "${P}n1" python3 "$OUT/tagged-arp.py" eth0 reply 02:00:00:00:01:01 203.0.113.10 203.0.113.1 02:00:00:00:00:01
ip netns exec "${P}n2" python3 "$OUT/tagged-arp.py" eth0 reply 02:00:00:00:01:02 203.0.113.10 203.0.113.1 02:00:00:00:00:01
sleep 1

# The client's neighbour cache: the VIP resolved by the kernel, a static entry, an address nobody has.
ip netns exec "${P}c" python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b'x', (a, 9)) for a in ('203.0.113.10','203.0.113.99')]"
ip netns exec "${P}c" arp -s 203.0.113.12 02:00:00:00:01:02
sleep 4
ip netns exec "${P}c" arp -n > "$OUT/arp-n.txt"
ip netns exec "${P}c" arp -vn > "$OUT/arp-vn.txt"
ip netns exec "${P}c" arp -an > "$OUT/arp-an.txt"
ip netns exec "${P}c" arp -a > "$OUT/arp-a.txt"
sleep 1
kill -INT $D1 $D2
wait $D1 $D2 || true

cd "$WORK"
tcpdump -r eth0.pcap -n          > "$OUT/tcpdump-n.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e       > "$OUT/tcpdump-n-e.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -v       > "$OUT/tcpdump-n-v.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e -vv   > "$OUT/tcpdump-n-e-vv.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -t       > "$OUT/tcpdump-n-t.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -tt      > "$OUT/tcpdump-n-tt.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -ttt     > "$OUT/tcpdump-n-ttt.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e -tttt > "$OUT/tcpdump-n-e-tttt.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -ttttt   > "$OUT/tcpdump-n-ttttt.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -q       > "$OUT/tcpdump-n-q.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e -q    > "$OUT/tcpdump-n-e-q.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -x       > "$OUT/tcpdump-n-x.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e -X    > "$OUT/tcpdump-n-e-X.txt" 2>/dev/null
tcpdump -r eth0.pcap -n -e -xx   > "$OUT/tcpdump-n-e-xx.txt" 2>/dev/null
tcpdump -r eth0.pcap             > "$OUT/tcpdump-names.txt" 2>/dev/null
# -i any names interfaces by index: read it where the index is the client's eth0.
ip netns exec "${P}c" tcpdump -r any.pcap -n    > "$OUT/tcpdump-any-n.txt" 2>/dev/null
ip netns exec "${P}c" tcpdump -r any.pcap -n -e > "$OUT/tcpdump-any-n-e.txt" 2>/dev/null
tshark -r eth0.pcap              > "$OUT/tshark.txt" 2>/dev/null
tshark -r eth0.pcap -n -t ad     > "$OUT/tshark-t-ad.txt" 2>/dev/null
tshark -r eth0.pcap -q -z expert > "$OUT/tshark-expert.txt" 2>/dev/null
tshark -r eth0.pcap -V -Y arp.duplicate-address-detected > "$OUT/tshark-V-duplicates.txt" 2>/dev/null
cp eth0.pcap "$OUT/forms.pcap"
