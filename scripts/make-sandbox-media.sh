#!/usr/bin/env bash
# Makes the sandbox MUX's playback media (packages/sandbox/src/mux/media/), which packages/sandbox/src/mux/hls.ts
# serves as live and VOD HLS on loopback so a player really plays offline.
#
# A one-off developer tool: the outputs are committed, and nothing at npm install, test or run
# time needs ffmpeg. Rerun only to change the media:
#   sudo apt-get install -y ffmpeg fonts-dejavu-core && scripts/make-sandbox-media.sh
#
# What it makes, and why these numbers:
# - segment-0.mpegts … segment-3.mpegts (served as /stream/{id}/{n}.ts; not named .ts here, as
#   TypeScript tooling would read them as source): an 8 s test pattern (ffmpeg testsrc2) cut into
#   four 2 s MPEG-TS segments, looped by the server (a discontinuity at each loop boundary). 2 s matches
#   SEGMENT_SECONDS in packages/sandbox/src/mux/hls-media.ts; a keyframe opens every segment (GOP = 2 s,
#   no scene-cut keyframes) so any segment can start playback.
#   The frame shows the loop time, the segment number and the frame number (drawtext), so a
#   screenshot tells which segment a player is on.
# - Video: H.264 Main profile, level 3.0, yuv420p, 320x180 at 25 fps, ~120 kbit/s: the profile
#   every MSE player decodes (Debian's Chromium included), small enough to commit.
# - Audio: AAC-LC, 48 kHz mono, 32 kbit/s, a quiet 440 Hz tone, so players that expect an audio
#   track (MUX streams have one) get one. 8 s at 48 kHz is exactly 375 AAC frames, so the loop
#   has no audio gap.
# - thumbnail.jpg: one 320x180 frame (t = 1 s), for /image/{playbackId}/thumbnail.jpg.
# - highest.mp4: the four segments remuxed (no re-encode) into one 8 s MP4 with its index up
#   front, the sandbox's static rendition (/stream/{playbackId}/highest.mp4, what a download gets).
#   `scripts/make-sandbox-media.sh mp4` makes only it, from the committed segments.
# All files together stay well under 300 KB. One x264 thread and bitexact muxing make a rerun
# reproduce the committed bytes, so rerunning it churns nothing unless a setting changed.
set -euo pipefail

cd "$(dirname "$0")/.."
out=packages/sandbox/src/mux/media

make_mp4() {
  command -v ffmpeg >/dev/null || { echo "missing ffmpeg: apt-get install -y ffmpeg" >&2; exit 1; }
  local list
  list=$(mktemp)
  for n in 0 1 2 3; do echo "file '$PWD/$out/segment-$n.mpegts'" >>"$list"; done
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$list" \
    -c copy -bsf:a aac_adtstoasc -movflags +faststart -fflags +bitexact -flags +bitexact -map_metadata -1 \
    "$out/highest.mp4"
  rm -f "$list"
  ls -l "$out/highest.mp4"
}

if [ "${1:-}" = mp4 ]; then
  make_mp4
  exit 0
fi
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf
[ -f "$font" ] || { echo "missing $font: apt-get install -y fonts-dejavu-core" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "missing ffmpeg: apt-get install -y ffmpeg" >&2; exit 1; }

seconds=8
segment=2
fps=25
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

text="fontfile=$font:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4"
# Bottom left, clear of testsrc2's own counter in the top left corner.
overlay="drawtext=$text:fontsize=14:x=8:y=h-2*th-20:text='golive sandbox  t=%{pts\:hms}',"
overlay+="drawtext=$text:fontsize=14:x=8:y=h-th-8:text='segment %{eif\:floor(t/$segment)\:d}  frame %{n}'"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=$fps:duration=$seconds" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
  -filter_complex "[0:v]$overlay,format=yuv420p[v];[1:a]volume=0.05[a]" \
  -map "[v]" -map "[a]" \
  -c:v libx264 -threads 1 -profile:v main -level:v 3.0 -preset veryslow -tune animation \
  -b:v 110k -maxrate 130k -bufsize 260k \
  -g $((segment * fps)) -keyint_min $((segment * fps)) -sc_threshold 0 \
  -force_key_frames "expr:gte(t,n_forced*$segment)" \
  -c:a aac -b:a 32k -ac 1 -ar 48000 -fflags +bitexact -flags +bitexact \
  -f hls -hls_time $segment -hls_list_size 0 -hls_flags independent_segments \
  -hls_segment_type mpegts -hls_segment_filename "$tmp/segment-%d.mpegts" "$tmp/index.m3u8"

ffmpeg -hide_banner -loglevel error -y -i "$tmp/segment-0.mpegts" -ss 1 -frames:v 1 -q:v 6 "$tmp/thumbnail.jpg"

count=$(ls "$tmp"/segment-*.mpegts | wc -l)
[ "$count" -eq $((seconds / segment)) ] || { echo "expected $((seconds / segment)) segments, got $count" >&2; cat "$tmp/index.m3u8" >&2; exit 1; }

rm -f "$out"/segment-*.mpegts "$out"/thumbnail.jpg
mkdir -p "$out"
cp "$tmp"/segment-*.mpegts "$tmp/thumbnail.jpg" "$out"/
make_mp4
cat "$tmp/index.m3u8"
ls -l "$out"
du -cb "$out"/* | tail -1
