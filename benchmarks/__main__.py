"""``python -m benchmarks [--sizes 15,100,500]`` (``make bench``, BENCH_ARGS for options).

Sets up Django on the benchmark database before anything imports a model."""

import os
import sys
import warnings


def main(argv=None) -> int:
    from .database import UnsafeDatabase, bench_url, ensure_database

    try:
        url = bench_url()
    except UnsafeDatabase as exc:
        print(f"benchmarks: {exc}", file=sys.stderr)
        return 2
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    # WhiteNoise's note that collectstatic has not run: the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from .run import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
