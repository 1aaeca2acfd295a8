#!/usr/bin/env bash
# Puts cdk-nag's Java package into the Maven repository that jsii-pacmak builds with.
#
# jsii-pacmak writes the npm peer range of cdk-nag (^3.0.2) as the Maven range [3.0.2,4.0.0), and
# Maven resolves a range from the repository's maven-metadata.xml. The metadata that Maven Central
# serves here lists cdk-nag only up to 2.37.55 although the 3.0.2 artifacts are there, so the range
# finds nothing. Installing 3.0.2 into the local repository writes local metadata that lists it.
set -euo pipefail
repo="${1:?usage: seed-maven.sh <local-repository>}"
version="$(node -p "require('cdk-nag/package.json').version")"
artifact="io.github.cdklabs:cdknag:${version}"
mkdir -p "$repo"
repo="$(cd "$repo" && pwd)"
if [ -f "$repo/io/github/cdklabs/cdknag/maven-metadata-local.xml" ] && grep -q "<version>${version}</version>" "$repo/io/github/cdklabs/cdknag/maven-metadata-local.xml"; then
  exit 0
fi
mvn -q -B -Dmaven.repo.local="$repo" dependency:get -Dartifact="$artifact"
work="$(mktemp -d)"
cp "$repo/io/github/cdklabs/cdknag/${version}/cdknag-${version}".{jar,pom} "$work/"
mvn -q -B -Dmaven.repo.local="$repo" install:install-file -Dfile="$work/cdknag-${version}.jar" -DpomFile="$work/cdknag-${version}.pom"
rm -rf "$work"
