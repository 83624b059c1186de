# Sourced by the scripts in models/ from the repository's root: builds the command-line tool once
# (Release) and defines edge_lstm, which runs it with the arguments given.
dotnet build src/Apps/Desktop -c Release -v q -nologo >/dev/null
edge_lstm() { dotnet src/Apps/Desktop/bin/Release/net10.0/edge-lstm.dll "$@"; }
