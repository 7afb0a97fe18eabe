#!/bin/sh
# Makes the demo course's two sample recordings: a 30-second test pattern with a title, a running
# timer and a quiet tone (a short beep every five seconds), as WebM (VP9 + Opus), under 200 KB each.
# Run from anywhere: sh courses/demo_media/make_sample_recording.sh   (needs ffmpeg with libvpx,
# libopus and libfreetype; fonts-dejavu-core for the text). The output is committed, so the demo
# loader never needs ffmpeg.
set -eu
cd "$(dirname "$0")"
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
DURATION=30

make() {
    output=$1 label=$2 frequency=$3
    ffmpeg -hide_banner -loglevel error -y \
        -f lavfi -i "testsrc2=size=480x270:rate=15:duration=${DURATION}" \
        -f lavfi -i "sine=frequency=${frequency}:sample_rate=48000:duration=${DURATION}" \
        -filter_complex "\
[0:v]drawbox=x=0:y=0:w=iw:h=64:color=black@0.75:t=fill,\
drawtext=fontfile=${FONT}:text='Heritage Hub sample recording':x=(w-tw)/2:y=10:fontsize=20:fontcolor=white,\
drawtext=fontfile=${FONT}:text='${label}':x=(w-tw)/2:y=38:fontsize=16:fontcolor=white,\
drawbox=x=(iw-240)/2:y=ih-58:w=240:h=44:color=black@0.75:t=fill,\
drawtext=fontfile=${FONT}:text='%{pts\:hms}':x=(w-tw)/2:y=h-48:fontsize=24:fontcolor=yellow[v];\
[1:a]volume='if(lt(mod(t,5),0.3),0.5,0.08)':eval=frame[a]" \
        -map "[v]" -map "[a]" \
        -c:v libvpx-vp9 -b:v 22k -minrate 8k -maxrate 50k -deadline good -cpu-used 4 \
        -row-mt 1 -g 150 -pix_fmt yuv420p \
        -c:a libopus -b:a 12k -ac 1 \
        -metadata title="Heritage Hub sample recording: ${label}" \
        "${output}"
}

make sample-recording-1.webm "Module 1 – Why accessible media matter" 440
make sample-recording-2.webm "Module 2 – Captions and transcripts in practice" 523.25
ls -l sample-recording-*.webm
