#!/usr/bin/python3
# segments.py: reads texts, one a line (\n inside a text written as \\n),
# and prints for each the SMS segments it takes: 160 GSM-7 septets in one
# (153 each when split; the extension table's characters count two), 70
# UTF-16 units as soon as one character is outside GSM-7 (67 when split).
# Written apart from cox's own count (lib/text.c), to check it.
import sys

BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
EXT = set("^{}\\[~]|€\f")

for line in sys.stdin:
    text = line.rstrip("\n").replace("\\n", "\n")
    if all(c in BASIC or c in EXT for c in text):
        n = sum(2 if c in EXT else 1 for c in text)
        print(1 if n <= 160 else -(-n // 153))
    else:
        n = len(text.encode("utf-16-le")) // 2
        print(1 if n <= 70 else -(-n // 67))
