#!/usr/bin/env python3
"""Applies the TOML blocks `plan fidelity --fit` prints to catalog/gpus.toml and
catalog/engines.toml: each gpu's [gpu.interconnect] table and each engine's
[[engine.efficiency]] entries are replaced by the fitted ones (comments elsewhere are kept).

Usage: python3 scripts/apply-fit.py FIT.toml [CATALOG_DIR]   (CATALOG_DIR defaults to catalog)
"""
import re
import sys


def blocks(text, kind):
    """(key, block text) for every '# kind KEY' header in the fit output."""
    out = []
    for m in re.finditer(r'^# %s (\S+)\n(.*?)(?=^# (?:gpu|engine) |\Z)' % kind, text, re.S | re.M):
        out.append((m.group(1), m.group(2).rstrip('\n') + '\n'))
    return out


def entry_span(text, table, entry_id):
    """Start and end of the [[table]] entry whose id is entry_id."""
    starts = [m.start() for m in re.finditer(r'^\[\[%s\]\]\s*$' % re.escape(table), text, re.M)]
    starts.append(len(text))
    for a, b in zip(starts, starts[1:]):
        if re.search(r'^id = "%s"$' % re.escape(entry_id), text[a:b], re.M):
            return a, b
    raise SystemExit('no %s with id %s' % (table, entry_id))


def apply_gpus(text, fits):
    for gpu, block in fits:
        a, b = entry_span(text, 'gpu', gpu)
        entry = text[a:b]
        entry = re.sub(r'^\[gpu\.interconnect\]\n(?:(?!\[).*\n)*', block, entry, count=1, flags=re.M)
        text = text[:a] + entry + text[b:]
    return text


def apply_engines(text, fits):
    by_engine = {}
    for engine, block in fits:
        by_engine.setdefault(engine, []).append(block)
    for engine, new in by_engine.items():
        a, b = entry_span(text, 'engine', engine)
        entry = text[a:b]
        first = entry.find('[[engine.efficiency]]')
        head = entry if first < 0 else entry[:first]
        # Keep the separator comment that ends the section, if any.
        tail = ''
        m = re.search(r'\n(# -{10,}\n)$', entry)
        if m:
            tail = m.group(1)
        head = head.rstrip('\n') + '\n'
        text = text[:a] + head + '\n' + '\n'.join(new) + ('\n' + tail if tail else '') + text[b:]
    return text


def main():
    fit = open(sys.argv[1]).read()
    catalog = sys.argv[2] if len(sys.argv) > 2 else 'catalog'
    for name, kind, fn in (('gpus.toml', 'gpu', apply_gpus), ('engines.toml', 'engine', apply_engines)):
        path = '%s/%s' % (catalog, name)
        text = open(path).read()
        text = fn(text, blocks(fit, kind))
        open(path, 'w').write(text)


main()
