@echo off
rem evalxl {{version}} 离线安装：在本文件旁建立“{{env}}”文件夹，只用“{{wheels}}”文件夹里的安装包。
rem 不联网（pip --no-index），不需要管理员权限（Python 为当前用户安装，环境建在本文件夹里）。
rem 本文件以 GBK 编码、CRLF 换行保存，供中文 Windows 的 cmd 读取；源文件在 evalxl 仓库 .ci/windows/。
setlocal
set "WHEELS=%~dp0{{wheels}}"
set "ENV=%~dp0{{env}}"
set "TEMPLATE=%~dp0输入模板.xlsx"

echo evalxl {{version}} 离线安装（不联网，不需要管理员权限）
echo.
if not exist "%WHEELS%\evalxl-{{version}}-*.whl" goto notunpacked

rem 找 64 位的 Python 3.11：先用 py 启动器，再用 PATH 里的 python，再找“为当前用户安装”的默认位置。
rem PYCMD 是一条命令（py -3.11-64 或带引号的 python.exe 路径），所以使用时不再加引号。
set PYCMD=
py -3.11-64 -c "import sys" >nul 2>&1
if not errorlevel 1 set PYCMD=py -3.11-64
if defined PYCMD goto found
python -c "import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) and sys.maxsize > 2**32 else 1)" >nul 2>&1
if not errorlevel 1 set PYCMD=python
if defined PYCMD goto found
if exist "%LOCALAPPDATA%\Programs\Python\Python311\python.exe" set PYCMD="%LOCALAPPDATA%\Programs\Python\Python311\python.exe"
if defined PYCMD goto found
goto nopython

:found
echo 使用的 Python：%PYCMD%
echo 正在建立运行环境："%ENV%"
%PYCMD% -m venv --clear "%ENV%"
if errorlevel 1 goto failed
echo 正在从本文件夹安装 evalxl 和它所需的程序包（不联网）……
"%ENV%\Scripts\python.exe" -m pip install --no-index --find-links "%WHEELS%" --disable-pip-version-check --no-warn-script-location "evalxl=={{version}}"
if errorlevel 1 goto failed
"%ENV%\Scripts\python.exe" -m evalxl --version
if errorlevel 1 goto failed
if not exist "%TEMPLATE%" "%ENV%\Scripts\python.exe" -m evalxl template "%TEMPLATE%"
if errorlevel 1 goto failed
echo.
echo 安装成功。
echo 空白的输入模板："%TEMPLATE%"
echo 以后评分：把填好的工作簿拖到“评分.bat”上。
echo.
pause
exit /b 0

:notunpacked
echo 没有找到安装包文件夹："%WHEELS%"
echo 请先把整个 zip 文件解压到一个文件夹（右键 zip 文件，选“全部解压缩”），
echo 再双击解压出来的“安装.bat”。不要在 zip 里直接双击运行。
echo.
pause
exit /b 1

:nopython
echo 没有找到 64 位的 Python 3.11。请先安装 Python 3.11（不需要管理员权限，也不需要联网）：
echo   1. 双击 U 盘上的 python-3.11.9-amd64.exe（或其他 python-3.11.x-amd64.exe）；
echo   2. 在安装程序第一页，取消勾选“Use admin privileges when installing py.exe”，
echo      勾选“Add python.exe to PATH”；
echo   3. 点“Install Now”，即为当前用户安装，装在本人的用户文件夹里，不需要管理员权限；
echo   4. 安装完成后，再双击运行本文件（安装.bat）。
echo 如果 U 盘上没有这个文件：请有网络的同事在 www.python.org 的 Downloads - Windows 页面，
echo 找到 Python 3.11.9，下载“Windows installer 64-bit”，拷到 U 盘上带过来。
echo.
pause
exit /b 1

:failed
echo.
echo 安装失败。请看上面的提示。常见原因：
echo   - 本文件夹不能写入：请把 zip 解压到“桌面”或“文档”里的文件夹，再运行本文件；
echo   - “评分.bat”的窗口还开着：请关闭它，再运行本文件；
echo   - 解压不完整：请重新解压整个 zip。
echo 仍不成功时，请把本窗口的全部文字截图，发给负责 evalxl 的同事。
echo.
pause
exit /b 1
