"""Why the operating system refused a file, in Chinese: the reason an OSError gives (``strerror``,
English on Linux and on many Windows setups) said for a finance office's clerk, with the system's own
words kept in brackets for whoever supports them."""

from __future__ import annotations

import errno

_REASONS = {
    errno.EACCES: "没有权限，或文件正被其他程序（如 Excel/WPS）占用",
    errno.EPERM: "操作系统不允许（文件或文件夹只读、被锁定或受保护）",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "同名的文件已存在（路径中的某一级是文件而不是文件夹？）",
    errno.ENOTDIR: "路径中的某一级是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EINVAL: "文件名中有不允许的字符",
}


def reason(exc: OSError) -> str:
    """``exc``'s reason in Chinese, e.g. ``磁盘已满（No space left on device）``; the system's own
    words alone when there is no Chinese for them."""
    own = exc.strerror or type(exc).__name__
    chinese = _REASONS.get(exc.errno) if exc.errno is not None else None
    return f"{chinese}（{own}）" if chinese else own
