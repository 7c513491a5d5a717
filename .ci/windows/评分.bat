@echo off
rem evalxl {{version}} 评分：把输入工作簿拖到本文件上，或双击本文件后输入工作簿的路径。
rem 结果工作簿写在输入工作簿旁边：“输入文件名_自评结果.xlsx”；评分完成后打开它所在的文件夹。
rem 本文件以 GBK 编码、CRLF 换行保存，供中文 Windows 的 cmd 读取；源文件在 evalxl 仓库 .ci/windows/。
setlocal
set "PY=%~dp0{{env}}\Scripts\python.exe"
if not exist "%PY%" goto notinstalled

set "BOOK=%~1"
if defined BOOK goto have
echo 请把要评分的工作簿（.xlsx）拖到本窗口里，或输入它的完整路径，然后按回车。
set /p "BOOK=工作簿："
if not defined BOOK goto nobook
:have
set "BOOK=%BOOK:"=%"
if not defined BOOK goto nobook
if not exist "%BOOK%" goto notfound
for %%F in ("%BOOK%") do set "DIR=%%~dpF"
for %%F in ("%BOOK%") do set "NAME=%%~nF"
set "OUT=%DIR%%NAME%_自评结果.xlsx"

echo 正在评分："%BOOK%"
echo.
"%PY%" -m evalxl run "%BOOK%" -o "%OUT%"
set CODE=%ERRORLEVEL%
echo.
if "%CODE%"=="0" goto done
if "%CODE%"=="1" goto inputerrors
goto othererror

:done
echo 评分完成。结果工作簿："%OUT%"
echo 正在打开结果所在的文件夹。
explorer /select,"%OUT%"
goto end

:inputerrors
echo 输入工作簿有错误，没有写出结果（已有的结果工作簿保持原样）。
echo 请按上面列出的位置（工作表、行、列）逐条修改，保存后再评分。
goto end

:othererror
echo 评分没有完成，退出码 %CODE%。请看上面的提示。
echo 如果提示文件被占用，请先在 Excel/WPS 中关闭该文件，再评分。
echo 看不懂提示时，请把本窗口的全部文字截图，连同工作簿发给负责 evalxl 的同事。
goto end

:notinstalled
echo 还没有安装 evalxl：请先双击本文件夹里的“安装.bat”。
set CODE=1
goto end

:nobook
echo 没有输入工作簿的路径。请把工作簿拖到“评分.bat”上，或双击后输入路径。
set CODE=1
goto end

:notfound
echo 找不到文件："%BOOK%"
echo 请检查路径；也可以直接把工作簿拖到“评分.bat”上。
set CODE=1
goto end

:end
echo.
pause
exit /b %CODE%
