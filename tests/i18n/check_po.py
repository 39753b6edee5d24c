#!/usr/bin/python3
"""Translation checks, run by meson test (suite data) and by hand.

  check_po.py potfiles
      every source, UI and data file with translatable strings is listed in
      po/POTFILES.in, every listed file exists, and the list is sorted.
  check_po.py complete LANG
      po/LANG.po has a translation for every message of a template made
      from the sources as they are now, none fuzzy, and msgfmt --check
      passes. Prints what is missing, so a translator can work from it.

To update a translation after the sources changed:
  meson compile -C BUILD spindle-pot spindle-update-po
  then translate the entries that are empty or marked "#, fuzzy" in
  po/LANG.po (check_po.py complete LANG lists them) and run this again.
"""

import os
import re
import subprocess
import sys
import tempfile

SOURCE = os.environ.get('SPINDLE_SOURCE_ROOT') or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO = os.path.join(SOURCE, 'po')

# The same keywords as meson's i18n.gettext(preset: 'glib') gives xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

C_MARKERS = re.compile(r'\b(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(\s*"')
UI_MARKERS = re.compile(r'translatable="yes"')
DATA_SUFFIXES = ('.desktop.in.in', '.metainfo.xml.in.in', '.gschema.xml')


def listed():
    with open(os.path.join(PO, 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def needs_listing():
    found = []
    for top in ('src', 'ui', 'data'):
        for folder, _, files in os.walk(os.path.join(SOURCE, top)):
            for name in files:
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, SOURCE)
                if name.endswith('.c'):
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if C_MARKERS.search(f.read()):
                            found.append(rel)
                elif name.endswith('.ui'):
                    with open(path, encoding='utf-8') as f:
                        if UI_MARKERS.search(f.read()):
                            found.append(rel)
                elif top == 'data' and name.endswith(DATA_SUFFIXES) and folder == os.path.join(SOURCE, 'data'):
                    found.append(rel)
    return sorted(found)


def check_potfiles():
    names = listed()
    problems = []
    for rel in needs_listing():
        if rel not in names:
            problems.append(f'{rel} has translatable strings but is not in po/POTFILES.in')
    for rel in names:
        if not os.path.exists(os.path.join(SOURCE, rel)):
            problems.append(f'po/POTFILES.in lists {rel}, which does not exist')
    data = [n for n in names if n.startswith('data/')]
    rest = [n for n in names if not n.startswith('data/')]
    if data != sorted(data) or rest != sorted(rest) or names != data + rest:
        problems.append('po/POTFILES.in is not sorted (data files first, then the rest)')
    return problems


def run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def make_template(folder):
    pot = os.path.join(folder, 'spindle.pot')
    run(['xgettext', '--package-name=spindle', '-o', pot, '-D', SOURCE, '-f', os.path.join(PO, 'POTFILES.in')]
        + XGETTEXT_ARGS)
    return pot


def check_complete(lang):
    po = os.path.join(PO, lang + '.po')
    with open(os.path.join(PO, 'LINGUAS'), encoding='utf-8') as f:
        if lang not in f.read().split():
            return [f'{lang} is not in po/LINGUAS']
    problems = []
    check = subprocess.run(['msgfmt', '--check', '-o', '/dev/null', po], capture_output=True, text=True)
    if check.returncode != 0:
        problems.append('msgfmt --check fails:\n' + check.stderr)
    with tempfile.TemporaryDirectory() as folder:
        pot = make_template(folder)
        merged = os.path.join(folder, 'merged.po')
        run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot])
        for what, flag in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
            out = run(['msgattrib', flag, '--no-obsolete', '--no-wrap', merged]).stdout
            ids = re.findall(r'^msgid "(.+)"$', out, re.M)
            for msgid in ids:
                problems.append(f'{lang}: {what}: "{msgid}"')
    return problems


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'potfiles':
        problems = check_potfiles()
    elif len(sys.argv) == 3 and sys.argv[1] == 'complete':
        problems = check_complete(sys.argv[2])
    else:
        print(__doc__)
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} problem(s)')
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
