"""``hiap config``: the settings in force and the file each came from."""

from __future__ import annotations

import argparse
import json

from hiap import config as config_mod


def cmd_config(args: argparse.Namespace) -> int:
    from hiap.console import warn

    cfg = config_mod.load()
    for notice in cfg.notices:
        warn(notice)
    rows: list[tuple[str, object, str]] = []
    for key, value in cfg.council.items():
        rows.append((f"council.{key}", value, cfg.origins.get(f"council.{key}", "default")))
    for name, settings in cfg.plugins.items():
        for key, value in settings.items():
            rows.append((f"plugins.{name}.{key}", value, cfg.origins.get(f"plugins.{name}.{key}", str(cfg.path))))
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(cfg.path) if cfg.path else None,
                    "searched": [str(config_mod.FILE_NAME), str(config_mod.user_config_dir() / config_mod.FILE_NAME)],
                    "values": [{"key": k, "value": v, "from": f} for k, v, f in rows],
                },
                indent=2,
            )
        )
        return 0
    if cfg.path is None:
        print(
            f"No configuration file found. hiap looked for ./{config_mod.FILE_NAME} and "
            f"{config_mod.user_config_dir() / config_mod.FILE_NAME}."
        )
        print("Without one, hiap uses its own Word template and no local evidence. See 'hiap docs configuration'.")
        return 0
    print(f"Configuration file: {cfg.path}")
    for key, value, origin in rows:
        print(f"  {key} = {value!r}    (from {origin})")
    if not rows:
        print("  (the file sets nothing)")
    return 0
