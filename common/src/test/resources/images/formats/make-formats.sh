#!/bin/sh
# Makes the image-format fixtures of EmbedImageFormatsTest: one real picture (an Adwaita icon,
# with its alpha channel) written in each pixel layout a corpus may hold, and beside each file
# NAME the same picture as plain 8-bit RGB PNG (NAME.rgb.png, alpha composited over white, as the
# embed stage does), written by ImageMagick, an independent decoder.
#
# Needs Debian's adwaita-icon-theme, imagemagick and python3-pil
# (apt-get install adwaita-icon-theme imagemagick python3-pil); run it from anywhere: sh common/src/test/resources/images/formats/make-formats.sh
set -eu
cd "$(dirname "$0")"
SRC=/usr/share/icons/Adwaita/512x512/places/user-bookmarks.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f ./*.png ./*.jpg ./*.gif ./*.bmp

# The picture: 48x40 (not square, so the centre crop runs), 8-bit RGBA.
convert "$SRC" -resize 48x48 -crop 48x40+0+4 +repage -strip "$tmp/rgba.png"
convert "$tmp/rgba.png" -background white -alpha remove -alpha off "$tmp/rgb.png"
convert "$tmp/rgba.png" -colorspace Gray "$tmp/grey-alpha.png"
convert "$tmp/rgb.png" -colorspace Gray "$tmp/grey.png"

png() { # png SOURCE OUTPUT COLOR-TYPE BIT-DEPTH [extra options]
  src=$1 out=$2 ct=$3 bd=$4
  shift 4
  convert "$src" "$@" -strip -define png:color-type="$ct" -define png:bit-depth="$bd" "PNG:$out"
}
png "$tmp/rgba.png" rgba.png 6 8                 # colour type 6: RGBA, what already worked
png "$tmp/rgb.png" rgb.png 2 8                   # colour type 2: RGB
png "$tmp/grey.png" grey.png 0 8                 # colour type 0: grey
png "$tmp/grey-alpha.png" grey-alpha.png 4 8     # colour type 4: grey + alpha (the emoji)
png "$tmp/grey.png" grey16.png 0 16 -depth 16    # 16-bit grey
png "$tmp/grey-alpha.png" grey-alpha16.png 4 16 -depth 16
png "$tmp/rgb.png" rgb16.png 2 16 -depth 16      # 16-bit RGB
png "$tmp/rgba.png" rgba16.png 6 16 -depth 16    # 16-bit RGBA
png "$tmp/grey.png" grey1.png 0 1 -threshold 50% # 1-bit grey (bilevel)
convert "$tmp/rgb.png" -strip -dither None -colors 48 "PNG8:palette.png"          # colour type 3
convert "$tmp/rgba.png" -strip -dither None -colors 48 "PNG8:palette-alpha.png"   # 3 + tRNS
convert "$tmp/rgba.png" -strip -dither None -colors 48 palette-alpha.gif          # GIF, one clear index
convert "$tmp/rgb.png" -strip BMP3:rgb.bmp
convert "$tmp/rgb.png" -strip -quality 92 rgb.jpg
convert "$tmp/grey.png" -strip -quality 92 grey.jpg
# Four-channel JPEGs, which ImageIO's JPEG reader refuses as images. Both carry an Adobe APP14
# marker and inverted samples, as Photoshop writes them: ImageMagick (libjpeg) stores CMYK as YCCK
# (transform 2), Pillow as plain CMYK (transform 0).
convert "$tmp/rgb.png" -strip -colorspace CMYK -quality 92 ycck.jpg
/usr/bin/python3 -c 'import sys; from PIL import Image
Image.open(sys.argv[1]).convert("CMYK").save(sys.argv[2], quality=92)' "$tmp/rgb.png" cmyk.jpg

for f in *.png *.gif *.bmp *.jpg; do
  case "$f" in *.rgb.png) continue ;; esac
  convert "$f" -background white -alpha remove -alpha off -colorspace sRGB -depth 8 -strip \
    -define png:color-type=2 "PNG24:$f.rgb.png"
done
identify -format '%f %wx%h %[type] %[colorspace] %b\n' ./*.png ./*.jpg ./*.gif ./*.bmp
