@echo off
rem mailroom: the Mailroom app's command for scripts and Task Scheduler (docs/automation.md),
rem installed beside Mailroom.exe. Mailroom.exe is a Windows (GUI) program: typed at a cmd.exe
rem prompt it is not waited for and sets no ERRORLEVEL; started from a script like this one it
rem is, so this script waits for the command and ends with its exit code. The "--" stops
rem Electron from refusing to start when an argument looks like a URL (SHA256:...).
setlocal
"%~dp0Mailroom.exe" --cli -- %*
exit /b %ERRORLEVEL%
