#!/usr/bin/env python3
# nascent-cli-man.py NASCENT-CLI OUTPUT
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes nascent-cli(1) from the program's own --help and each verb's
# --help, at build time: the verbs, their usage lines, summaries and
# options in the man page are the ones the built program prints, so they
# cannot drift apart. The prose around them (exit statuses, files,
# environment) is written here.

import re
import subprocess
import sys

cli, output = sys.argv[1], sys.argv[2]


def run(*args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True,
                          env={'LC_ALL': 'C.UTF-8', 'PATH': '/usr/bin:/bin'}).stdout


def esc(text):
    text = text.replace('\\', '\\e').replace('-', '\\-')
    text = ''.join(c if ord(c) < 128 else '\\[u%04X]' % ord(c) for c in text)
    return re.sub(r'^([.\'])', r'\\&\1', text)


def verbs():
    out = []
    for line in run('--help').splitlines():
        m = re.match(r'^  ([a-z]+) +(.*)$', line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def verb_help(verb):
    text = run(verb, '--help')
    usage = re.search(r'^Usage:\n +(.*)$', text, re.M).group(1)
    summary = text.split('\n\n')[1].strip() if '\n\n' in text else ''
    if summary.startswith('Help Options'):
        summary = ''
    options = []
    in_options = False
    for line in text.splitlines():
        if line.startswith('Application Options:'):
            in_options = True
            continue
        if in_options:
            m = re.match(r'^ +((?:-\w, )?--[\w-]+(?:=\S+)?) +(.*)$', line)
            if m:
                options.append((m.group(1), m.group(2)))
    return usage, ' '.join(summary.split()), options


lines = [
    '.\\" nascent-cli(1), generated from nascent-cli --help by data/nascent-cli-man.py',
    '.TH NASCENT\\-CLI 1 "" "Nascent" "User Commands"',
    '.SH NAME',
    'nascent\\-cli \\- neural architecture search with reinforcement learning, without a window',
    '.SH SYNOPSIS',
    '.B nascent\\-cli',
    '.I VERB',
    '[\\fIOPTIONS\\fR...]',
    '.br',
    '.B nascent\\-cli',
    '.I VERB',
    '.B \\-\\-help',
    '.SH DESCRIPTION',
    '.B nascent\\-cli',
    'runs the engine and the history of the Nascent application without a window, for',
    'scripts, CI and benchmarks. A controller proposes convolutional network architectures,',
    'each is trained as a child network, and its validation accuracy is the reward that',
    'REINFORCE trains the controller with. Every verb that touches the history takes',
    '.BR \\-\\-database " " \\fIFILE\\fR.',
    '.SH VERBS',
]
for verb, brief in verbs():
    usage, summary, options = verb_help(verb)
    lines += ['.SS ' + esc(verb), '.B nascent\\-cli ' + esc(usage), '.PP', esc(brief)]
    if summary:
        lines += ['.PP', esc(summary)]
    for flag, text in options:
        lines += ['.TP', '.B ' + esc(flag), esc(text)]
lines += [
    '.SH EXIT STATUS',
    '.TP', '.B 0', 'The work is done and its output written.',
    '.TP', '.B 1', 'A failure during the work: a full disk, an I/O error, not enough memory.',
    '.TP', '.B 2',
    'Bad input: arguments, unknown datasets or runs, a damaged, locked or newer history, a run',
    'that cannot be resumed. One line on standard error says why.',
    '.SH ENVIRONMENT',
    '.TP', '.B NASCENT_DATA_DIR',
    'First folder where dataset names are looked up, before',
    '.I $XDG_DATA_HOME/nascent/datasets',
    'and', '.IR /usr/share/datasets .',
    '.TP', '.B NASCENT_MEMORY_LIMIT_MB',
    'The memory a search space must fit in, instead of what',
    '.I /proc/meminfo', 'says.',
    '.SH FILES',
    '.TP', '.I $XDG_DATA_HOME/nascent/history.db',
    'The default history, shared with the',
    '.B nascent', 'application.',
    '.SH SEE ALSO',
    '.BR nascent (1)',
]
with open(output, 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines) + '\n')
