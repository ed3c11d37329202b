#!/bin/sh
# `places xr` tells the user what is missing, with exit code 1, when there is
# no OpenXR runtime, the runtime has no Vulkan support, or no headset is
# connected (the last two on the simulated runtime, configured to lack them).
# Usage: run_xr_setup_errors.sh PLACES OUTPUT_DIR
places=$1
out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0

# expect NAME SIM_CONFIG_JSON TEXT [places arguments...]
expect() {
    name=$1 config=$2 text=$3
    shift 3
    printf '%s\n' "$config" > "$out/$name.json"
    PLACES_XR_SIM_CONFIG="$out/$name.json" "$places" xr demo: --frames 1 "$@" > "$out/$name.log" 2>&1
    code=$?
    cat "$out/$name.log"
    if [ $code -ne 1 ]; then echo "FAIL $name: exit code $code, expected 1"; fail=1; fi
    if ! grep -q "^places xr: .*$text" "$out/$name.log"; then echo "FAIL $name: no line with '$text'"; fail=1; fi
}

XR_RUNTIME_JSON="$out/no-such-runtime.json" expect no-runtime '{}' "no OpenXR runtime found"
expect no-vulkan '{"vulkan_extension": false}' "does not support Vulkan" --simulated
expect no-headset '{"headset_present": false}' "no headset connected" --simulated
exit $fail
