#!/usr/bin/env python3
# test-cli-docs.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The readable side of nascent-cli against the program itself: every verb
# and every option that `nascent-cli VERB --help` lists is in the built man
# page; README's table of verbs is the verb list of `nascent-cli --help`,
# and README names the options of `nascent --help`; the bash completion
# (data/completions/nascent-cli), sourced in bash, offers verbs, options,
# presets, formats, dataset names and files, and its value lists are the
# ones the --help texts give.

import os
import re
import subprocess
import tempfile

CLI = os.environ['NASCENT_CLI']
APP = os.environ['NASCENT_APP']
MAN = os.environ['NASCENT_MAN']
SRC = os.environ['NASCENT_SRCDIR']
n = 0
failed = 0


def check(ok, what, detail=''):
    global n, failed
    n += 1
    failed += not ok
    print('%s %d %s' % ('ok' if ok else 'not ok', n, what))
    if not ok and detail:
        for line in str(detail).splitlines():
            print('# ' + line)


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8')).stdout


def help_options(text):
    if 'Application Options:' not in text:
        return []
    return re.findall(r'^ +(?:-\w, )?(--[\w-]+)', text.split('Application Options:')[1], re.M)


verbs = re.findall(r'^  ([a-z]+) +', run(CLI, '--help'), re.M)
man = open(MAN, encoding='utf-8').read().replace('\\-', '-')
check(len(verbs) >= 10, 'nascent-cli --help lists its verbs', verbs)
for verb in verbs:
    text = run(CLI, verb, '--help')
    missing = [o for o in help_options(text) if not re.search(r'(?<![\w-])' + re.escape(o) + r'(?![\w-])', man)]
    check('.SS ' + verb in man and not missing, 'man page has verb %s and its options' % verb,
          'missing: %s' % missing)

readme = open(os.path.join(SRC, 'README.md'), encoding='utf-8').read()
readme_verbs = re.findall(r'^\| `nascent-cli ([a-z]+)', readme, re.M)
check(readme_verbs == verbs, "README's verb table is nascent-cli --help's verb list",
      'README: %s\n--help: %s' % (readme_verbs, verbs))
app_options = help_options(run(APP, '--help'))
check(app_options and all(re.search(r'`nascent [^`]*' + re.escape(o) + r'(?![\w-])', readme) for o in app_options),
      'README names the options of nascent --help', app_options)

# The completion's fixed value lists are the ones --help gives.
comp = open(os.path.join(SRC, 'data', 'completions', 'nascent-cli'), encoding='utf-8').read()
search_help = run(CLI, 'search', '--help')
for option, verb in [('--preset', 'search'), ('--strategy', 'search'), ('--conv', 'search'),
                     ('--reward', 'search'), ('--format', 'export'), ('--schedule', 'train')]:
    words = re.search(re.escape(option) + r'\) words="([^"]*)"', comp).group(1).split()
    line = re.search(r'^ +' + re.escape(option) + r'=\S+ +(.*)$', run(CLI, verb, '--help'), re.M).group(1)
    check(all(re.search(r'\b' + re.escape(w) + r'\b', line) for w in words),
          'completion values of %s appear in %s --help' % (option, verb), '%s vs %s' % (words, line))


def complete(*words, env=None):
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
              '_nascent_cli; printf "%s\\n" "${COMPREPLY[@]}"')
    out = subprocess.run(['bash', '-c', script, 'bash', os.path.join(SRC, 'data', 'completions', 'nascent-cli'),
                          CLI, *words], check=True, capture_output=True, text=True,
                         env=dict(os.environ, **(env or {}))).stdout
    return sorted(filter(None, out.split('\n')))


with tempfile.TemporaryDirectory() as tmp:
    os.mkdir(os.path.join(tmp, 'toy-digits'))
    open(os.path.join(tmp, 'run3.csv'), 'w').close()
    env = {'NASCENT_DATA_DIR': tmp, 'XDG_DATA_HOME': os.path.join(tmp, 'none')}
    cases = [
        (('se',), ['search']),
        (('re',), ['resume', 'retrain']),
        (('search', '--pre'), ['--preset']),
        (('search', '--preset', 't'), ['thorough', 'tutorial-2017']),
        (('search', '--preset=w'), ['wide']),
        (('search', '--preset', 's'), ['standard']),
        (('export', '3', '--format', ''), ['csv', 'json']),
        (('retrain', '3', '--sch'), ['--schedule']),
        (('search', '--dataset', 'toy'), ['toy-digits']),
        (('dataset', ''), ['info']),
        (('dataset', 'info', 'toy'), ['toy-digits']),
        (('export', '3', '-o', os.path.join(tmp, 'run')), [os.path.join(tmp, 'run3.csv')]),
        (('runs', '--database', os.path.join(tmp, 'ru')), [os.path.join(tmp, 'run3.csv')]),
    ]
    for words, expected in cases:
        got = complete(*words, env=env)
        check(got == expected, 'completion of "nascent-cli %s"' % ' '.join(words), 'got %s' % got)

print('1..%d' % n)
raise SystemExit(1 if failed else 0)
