"""``python -m chatwire``: the ``chatwire`` command (see ``chatwire._cli``)."""

import sys

from chatwire._cli import main

if __name__ == "__main__":
    sys.exit(main())
