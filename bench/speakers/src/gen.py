#!/usr/bin/env python3
"""Writes a labelled talk with speakers from a script (bench/speakers/src/NAME.txt).

Script format:
  @ KEY = Full Name              a person (KEY is what the script lines start with)
  @roster Full Name, ...          who a user studying the panel would name (NAME.roster.json)
  @moderator Full Name
  # topic                         the topic of the turns that follow (a labelled stretch)
  KEY: what they say              one turn

Writes, beside this folder's parent:
  NAME.vtt            clean captions: sentence case, punctuation, `>> ` where each turn starts
  NAME.asr.vtt        the same words as YouTube auto-captions: lowercase, no punctuation, no
                      turn marks, rolling two-line cues with word times and 10 ms flash cues,
                      a few misheard names (MISHEARD)
  NAME.labels.json, NAME.asr.labels.json    [{topic, start, end}]
  NAME.speakers.json, NAME.asr.speakers.json [{speaker, start, end}]
  NAME.roster.json    {roster, moderator}
Timing is deterministic (a fixed seed): about 160 words a minute, longer words take longer,
pauses after sentences and longer ones between turns.
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent


def clock(t):
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def read_script(path):
    people, roster, moderator, turns, topic = {}, [], None, [], "general"
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@roster"):
            roster = [n.strip() for n in line[len("@roster"):].split(",") if n.strip()]
        elif line.startswith("@moderator"):
            moderator = line[len("@moderator"):].strip()
        elif line.startswith("@"):
            key, name = line[1:].split("=", 1)
            people[key.strip()] = name.strip()
        elif line.startswith("#"):
            topic = line[1:].strip()
        else:
            key, text = line.split(":", 1)
            turns.append((people[key.strip()], text.strip(), topic))
    return people, roster, moderator, turns


def timeline(turns, seed):
    """Every word with its start and end, per turn; the labelled stretches and speaker turns."""
    rng = random.Random(seed)
    t = 0.4
    timed = []  # (speaker, topic, [(word, start, end, sentence_end)])
    for speaker, text, topic in turns:
        words = []
        tokens = text.split()
        for i, tok in enumerate(tokens):
            letters = len(re.sub(r"[^A-Za-z0-9]", "", tok)) or 1
            dur = 0.16 + 0.045 * letters + rng.uniform(-0.03, 0.05)
            words.append((tok, t, t + dur, bool(re.search(r"[.?!]$", tok))))
            t += dur
            if re.search(r"[.?!]$", tok):
                t += rng.uniform(0.25, 0.55)
            elif tok.endswith(","):
                t += rng.uniform(0.08, 0.2)
            else:
                t += rng.uniform(0.0, 0.05)
        timed.append((speaker, topic, words))
        t += rng.uniform(0.5, 1.3)
    return timed


def stretches(timed):
    labels, speakers = [], []
    for speaker, topic, words in timed:
        start, end = words[0][1], words[-1][2]
        speakers.append({"speaker": speaker, "start": round(start, 2), "end": round(end, 2)})
        if labels and labels[-1]["topic"] == topic:
            labels[-1]["end"] = round(end, 2)
        else:
            labels.append({"topic": topic, "start": round(start, 2), "end": round(end, 2)})
    return labels, speakers


def clean_vtt(timed):
    """Human captions: cues of up to 9 words or a sentence, `>> ` at each turn's first cue."""
    out = ["WEBVTT", ""]
    for _speaker, _topic, words in timed:
        cue, first = [], True
        for w in words:
            cue.append(w)
            if len(cue) >= 9 or w[3] or w is words[-1]:
                text = " ".join(x[0] for x in cue)
                out += [f"{clock(cue[0][1])} --> {clock(cue[-1][2])}", (">> " if first else "") + text, ""]
                cue, first = [], False
    return "\n".join(out)


MISHEARD = {}


def asr_word(tok):
    w = re.sub(r"[^A-Za-z0-9']", "", tok).lower()
    return MISHEARD.get(w, w)


def asr_vtt(timed):
    """YouTube auto-captions: one running stream of lowercase words, lines of about 7 words,
    each cue showing the line before and the new one with word times, then a 10 ms flash cue."""
    stream = [(asr_word(w[0]), w[1], w[2]) for _s, _t, words in timed for w in words]
    stream = [(x, s, e) for x, s, e in stream if x]
    lines, line = [], []
    for w in stream:
        line.append(w)
        if len(line) >= 7:
            lines.append(line)
            line = []
    if line:
        lines.append(line)
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    previous, flash_end = "", None
    for i, line in enumerate(lines):
        start = flash_end if flash_end is not None else line[0][1]
        end = lines[i + 1][0][1] if i + 1 < len(lines) else line[-1][2]
        flash_end = end + 0.01
        timed_text = line[0][0] + "".join(f"<{clock(s)}><c> {x}</c>" for x, s, _e in line[1:])
        out += [f"{clock(start)} --> {clock(end)} align:start position:0%", previous if previous else " ", timed_text, ""]
        plain = " ".join(x for x, _s, _e in line)
        out += [f"{clock(end)} --> {clock(end + 0.01)} align:start position:0%", plain, " ", ""]
        previous = plain
    return "\n".join(out)


def main(name, seed):
    global MISHEARD
    people, roster, moderator, turns = read_script(HERE / f"{name}.txt")
    misheard = HERE / f"{name}.misheard.json"
    MISHEARD = json.loads(misheard.read_text()) if misheard.exists() else {}
    timed = timeline(turns, seed)
    labels, speakers = stretches(timed)
    (OUT / f"{name}.vtt").write_text(clean_vtt(timed) + "\n")
    (OUT / f"{name}.asr.vtt").write_text(asr_vtt(timed) + "\n")
    for suffix in ("", ".asr"):
        (OUT / f"{name}{suffix}.labels.json").write_text(json.dumps(labels, indent=1) + "\n")
        (OUT / f"{name}{suffix}.speakers.json").write_text(json.dumps(speakers, indent=1) + "\n")
    (OUT / f"{name}.roster.json").write_text(json.dumps({"roster": roster, "moderator": moderator}, indent=1) + "\n")
    words = sum(len(t[1].split()) for t in turns)
    print(f"{name}: {len(turns)} turns, {words} words, {timed[-1][2][-1][2] / 60:.1f} min")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
