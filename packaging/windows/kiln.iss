; Inno Setup script for Kiln on Windows: a per-user install (no administrator rights),
; a Start-menu entry, the .kiln file association and an uninstaller.
; Build on Windows after `pyinstaller packaging\kiln.spec` (see packaging\README.md):
;   iscc /DKilnVersion=0.1.0 packaging\windows\kiln.iss
#ifndef KilnVersion
  #define KilnVersion "0.0.0"
#endif

[Setup]
AppId={{6B2E1C8A-4F3D-4B8E-9C61-5A1F3E2D7C40}
AppName=Kiln
AppVersion={#KilnVersion}
AppPublisher=The Kiln team
DefaultDirName={localappdata}\Programs\Kiln
DefaultGroupName=Kiln
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\build\package
OutputBaseFilename=kiln-{#KilnVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
UninstallDisplayIcon={app}\kiln-gui.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "pt_BR"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"

[Files]
Source: "..\..\build\dist\kiln\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Kiln"; Filename: "{app}\kiln-gui.exe"
Name: "{group}\{cm:UninstallProgram,Kiln}"; Filename: "{uninstallexe}"

[Registry]
; .kiln opens in Kiln (per user: HKCU\Software\Classes); removed again by the uninstaller.
Root: HKA; Subkey: "Software\Classes\.kiln"; ValueType: string; ValueName: ""; ValueData: "Kiln.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kiln.Project"; ValueType: string; ValueName: ""; ValueData: "Kiln project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kiln.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\kiln-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\Kiln.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kiln-gui.exe"" ""%1"""

[Run]
Filename: "{app}\kiln-gui.exe"; Description: "{cm:LaunchProgram,Kiln}"; Flags: nowait postinstall skipifsilent
