#!/usr/bin/env bash
# The main job, from a fresh clone: install the system packages Tensorshell needs (Debian/Ubuntu),
# build every module, register the Jupyter kernel for this user and execute the tutorial notebook
# through Jupyter's own client. The executed notebook is written to target/notebooks/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(maven gcc libc6-dev python3-torch libopenblas0-pthread dataset-fashion-mnist python3-jupyter-client python3-nbclient
          jupyter-nbconvert python3-jupyter-kernel-test python3-ipykernel chromium jupyter-notebook python3-pil)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

. install/jdk.sh
tensorshell_pick_jdk
echo "Using JDK at $JAVA_HOME"
mvn -B -q -ntp install -DskipTests
bash install/install.sh --user

mkdir -p target/notebooks
for nb in notebooks/[0-9]*.ipynb; do
    echo "Executing $nb"
    /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=tensorshell \
        --ExecutePreprocessor.timeout=600 --output-dir target/notebooks "$nb"
done
echo "Done: executed notebooks are in target/notebooks/"
