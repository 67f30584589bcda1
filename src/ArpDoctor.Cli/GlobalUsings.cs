// What every verb shares (context, runner, exit codes, argument checks) lives in Hosting.
global using ArpDoctor.Cli.Hosting;
