"""Writes one 802.1Q-tagged (VLAN 1000) ARP frame on an interface: how a trunk port shows ARP to tcpdump.

usage: tagged-arp.py IFACE request SENDER_MAC SENDER_IP TARGET_IP
       tagged-arp.py IFACE reply   SENDER_MAC SENDER_IP TARGET_IP TARGET_MAC
"""
import socket
import struct
import sys


def mac(text):
    return bytes(int(part, 16) for part in text.split(":"))


iface, op, sender_mac, sender_ip, target_ip = sys.argv[1:6]
target_mac = mac(sys.argv[6]) if op == "reply" else bytes(6)
destination = target_mac if op == "reply" else b"\xff" * 6
frame = (destination + mac(sender_mac)
         + struct.pack("!HH", 0x8100, 1000)               # TPID, PCP 0 / DEI 0 / VID 1000
         + struct.pack("!H", 0x0806)                       # ethertype ARP
         + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1 if op == "request" else 2)
         + mac(sender_mac) + socket.inet_aton(sender_ip)
         + target_mac + socket.inet_aton(target_ip))
frame += bytes(max(0, 64 - len(frame)))                    # padded like a switch port would
with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
    s.bind((iface, 0))
    s.send(frame)
