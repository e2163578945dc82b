<?xml version="1.0" encoding="UTF-8"?>
<!--
  DataCite Metadata Schema 4.6 record (namespace http://datacite.org/schema/kernel-4)
  for a TEI edition, made from its teiHeader; or for an edition folder as a whole, made
  from its model (dep:edition, described in dc.xsl), matched by a template of its own.
  The header look-ups are shared with dc.xsl, imported here.

  Parameters (besides dc.xsl's bagging-date and doi):
    formats   space-separated media types of the files deposited with the edition.
    package   what the deposit is ("a BagIt bag (RFC 8493)"), for the technical description.
  Without a DOI (parameter or publicationStmt/idno[@type="DOI"]) the identifier is
  DataCite's "(:tba)", to be assigned by the registering repository.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:x-tei-edition:deposit"
    xmlns="http://datacite.org/schema/kernel-4"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs tei dep">

  <xsl:import href="dc.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Space-separated media types of the files deposited with the edition. -->
  <xsl:param name="formats" as="xs:string" select="'application/tei+xml'"/>
  <!-- What the deposit is, for the technical description. -->
  <xsl:param name="package" as="xs:string" select="'a BagIt bag (RFC 8493)'"/>

  <xsl:template name="dep:person">
    <xsl:param name="who" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="org" select="dep:is-organization($who)"/>
    <xsl:element name="{$kind}Name">
      <xsl:attribute name="nameType" select="if ($org) then 'Organizational' else 'Personal'"/>
      <xsl:value-of select="dep:name-inverted($who)"/>
    </xsl:element>
    <xsl:if test="not($org) and dep:family-name($who)">
      <xsl:if test="dep:given-name($who)">
        <givenName><xsl:value-of select="dep:given-name($who)"/></givenName>
      </xsl:if>
      <familyName><xsl:value-of select="dep:family-name($who)"/></familyName>
    </xsl:if>
    <xsl:if test="dep:orcid($who)">
      <nameIdentifier nameIdentifierScheme="ORCID" schemeURI="https://orcid.org">
        <xsl:value-of select="dep:orcid($who)"/>
      </nameIdentifier>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="h" select="dep:header(.)"/>
    <xsl:if test="empty($h)">
      <xsl:message terminate="yes" error-code="dep:no-header">no teiHeader</xsl:message>
    </xsl:if>
    <xsl:variable name="lang" select="dep:language($h)"/>
    <resource xsi:schemaLocation="http://datacite.org/schema/kernel-4 https://schema.datacite.org/meta/kernel-4.6/metadata.xsd">
      <!-- No DOI yet: DataCite's standard value "to be assigned" (the schema wants one). -->
      <identifier identifierType="DOI"><xsl:value-of select="(dep:doi($h)[.], '(:tba)')[1]"/></identifier>
      <!-- The creators: the authors; for a letter without one, its sender; else the editors,
           else the source's authors; DataCite's "(:unav)" where the header names nobody. -->
      <xsl:variable name="creators" select="
          if (exists(dep:authors($h))) then dep:authors($h)
          else if ($h/tei:profileDesc/tei:correspDesc/tei:correspAction[@type = 'sent']/(tei:persName, tei:orgName))
          then $h/tei:profileDesc/tei:correspDesc/tei:correspAction[@type = 'sent']/(tei:persName, tei:orgName)
          else if ($h/tei:fileDesc/tei:titleStmt/tei:editor) then $h/tei:fileDesc/tei:titleStmt/tei:editor
          else $h/tei:fileDesc/tei:sourceDesc//tei:author"/>
      <creators>
        <xsl:for-each select="$creators[dep:name-inverted(.)]">
          <creator>
            <xsl:call-template name="dep:person">
              <xsl:with-param name="who" select="."/>
              <xsl:with-param name="kind" select="'creator'"/>
            </xsl:call-template>
          </creator>
        </xsl:for-each>
        <xsl:if test="empty($creators[dep:name-inverted(.)])">
          <creator><creatorName nameType="Personal">(:unav)</creatorName></creator>
        </xsl:if>
      </creators>
      <titles>
        <title xml:lang="{$lang}"><xsl:value-of select="dep:title($h)"/></title>
        <xsl:if test="dep:subtitle($h)">
          <title xml:lang="{$lang}" titleType="Subtitle">
            <xsl:value-of select="dep:subtitle($h)"/>
          </title>
        </xsl:if>
      </titles>
      <publisher><xsl:value-of select="(dep:publisher($h)[.], '(:unav)')[1]"/></publisher>
      <publicationYear>
        <xsl:value-of select="dep:publication-year($h, $bagging-date)"/>
      </publicationYear>
      <resourceType resourceTypeGeneral="Text">Digital scholarly edition (TEI P5)</resourceType>
      <xsl:if test="exists(dep:subjects($h))">
        <subjects>
          <xsl:for-each select="dep:subjects($h)">
            <subject xml:lang="{$lang}"><xsl:value-of select="."/></subject>
          </xsl:for-each>
        </subjects>
      </xsl:if>
      <xsl:variable name="translators" select="dep:translators($h)"/>
      <xsl:variable name="edition" select="dep:edition-resp($h)"/>
      <!-- the header's editors, where they are not the creators already -->
      <xsl:variable name="editors"
          select="$h/tei:fileDesc/tei:titleStmt/tei:editor[dep:name-inverted(.)]
                  [not(some $c in $creators satisfies $c is .)]"/>
      <xsl:if test="exists(($translators, $edition, $editors))">
        <contributors>
          <xsl:for-each select="$translators">
            <contributor contributorType="Translator">
              <xsl:call-template name="dep:person">
                <xsl:with-param name="who" select="."/>
                <xsl:with-param name="kind" select="'contributor'"/>
              </xsl:call-template>
            </contributor>
          </xsl:for-each>
          <xsl:for-each select="$editors">
            <contributor contributorType="Editor">
              <xsl:call-template name="dep:person">
                <xsl:with-param name="who" select="."/>
                <xsl:with-param name="kind" select="'contributor'"/>
              </xsl:call-template>
            </contributor>
          </xsl:for-each>
          <xsl:for-each select="$edition">
            <contributor contributorType="Editor">
              <xsl:call-template name="dep:person">
                <xsl:with-param name="who" select="."/>
                <xsl:with-param name="kind" select="'contributor'"/>
              </xsl:call-template>
            </contributor>
          </xsl:for-each>
        </contributors>
      </xsl:if>
      <dates>
        <xsl:if test="dep:created($h)">
          <date dateType="Created" dateInformation="Date of the original document">
            <xsl:value-of select="dep:created($h)"/>
          </date>
        </xsl:if>
        <xsl:if test="matches(dep:issued($h), '^\d{4}')">
          <date dateType="Issued"><xsl:value-of select="dep:issued($h)"/></date>
        </xsl:if>
        <xsl:if test="dep:updated($h)">
          <date dateType="Updated"><xsl:value-of select="dep:updated($h)"/></date>
        </xsl:if>
        <xsl:if test="$bagging-date">
          <date dateType="Submitted"><xsl:value-of select="$bagging-date"/></date>
        </xsl:if>
      </dates>
      <language><xsl:value-of select="$lang"/></language>
      <xsl:if test="exists(dep:identifiers($h))">
        <alternateIdentifiers>
          <xsl:for-each select="dep:identifiers($h)">
            <alternateIdentifier alternateIdentifierType="{(@type[normalize-space()], 'Local')[1]}">
              <xsl:value-of select="dep:norm(.)"/>
            </alternateIdentifier>
          </xsl:for-each>
        </alternateIdentifiers>
      </xsl:if>
      <xsl:if test="dep:source-url($h)">
        <relatedIdentifiers>
          <relatedIdentifier relatedIdentifierType="URL" relationType="IsDerivedFrom">
            <xsl:value-of select="dep:source-url($h)"/>
          </relatedIdentifier>
        </relatedIdentifiers>
      </xsl:if>
      <formats>
        <xsl:for-each select="tokenize(normalize-space($formats), ' ')">
          <format><xsl:value-of select="."/></format>
        </xsl:for-each>
      </formats>
      <xsl:if test="exists(dep:rights($h)) or dep:rights-uri($h)">
        <rightsList>
          <xsl:for-each select="dep:rights($h)">
            <rights xml:lang="{$lang}"><xsl:value-of select="."/></rights>
          </xsl:for-each>
          <xsl:if test="dep:rights-uri($h)">
            <rights rightsURI="{dep:rights-uri($h)}"/>
          </xsl:if>
        </rightsList>
      </xsl:if>
      <descriptions>
        <xsl:if test="dep:abstract($h)">
          <description xml:lang="{$lang}" descriptionType="Abstract">
            <xsl:value-of select="dep:abstract($h)"/>
          </description>
        </xsl:if>
        <xsl:if test="dep:source-citation($h)">
          <description xml:lang="{$lang}" descriptionType="Other">
            <xsl:value-of select="'Source: ' || dep:source-citation($h)"/>
          </description>
        </xsl:if>
        <xsl:if test="dep:provenance($h)">
          <description xml:lang="{$lang}" descriptionType="Other">
            <xsl:value-of select="'Provenance: ' || dep:provenance($h)"/>
          </description>
        </xsl:if>
        <description xml:lang="en" descriptionType="TechnicalInfo">
          <xsl:value-of select="'Encoded in TEI P5 XML and deposited as ' || $package || ' '
              || 'with the reading editions made from it. Formats: '
              || string-join(tokenize(normalize-space($formats), ' '), ', ') || '.'"/>
        </description>
      </descriptions>
      <xsl:if test="exists(dep:funders($h))">
        <fundingReferences>
          <xsl:for-each select="dep:funders($h)">
            <fundingReference>
              <funderName><xsl:value-of select="."/></funderName>
            </fundingReference>
          </xsl:for-each>
        </fundingReferences>
      </xsl:if>
    </resource>
  </xsl:template>

  <!-- An edition as a whole, from its model: a collection with a HasPart relation per
       document. The creators are the editors, else the publisher, else the title names
       the edition; the publication year is the year of the site's build. -->
  <xsl:template match="document-node(element(dep:edition))" priority="1">
    <xsl:variable name="e" select="dep:edition"/>
    <xsl:variable name="publisher" select="($e/dep:publisher, $e/dep:title)[1]"/>
    <resource xsi:schemaLocation="http://datacite.org/schema/kernel-4 https://schema.datacite.org/meta/kernel-4.6/metadata.xsd">
      <identifier identifierType="DOI"><xsl:value-of select="(normalize-space($doi)[.], '(:tba)')[1]"/></identifier>
      <creators>
        <xsl:for-each select="if (exists($e/dep:editor)) then $e/dep:editor else $publisher">
          <creator><creatorName><xsl:value-of select="."/></creatorName></creator>
        </xsl:for-each>
      </creators>
      <titles>
        <title><xsl:value-of select="$e/dep:title"/></title>
      </titles>
      <publisher><xsl:value-of select="$publisher"/></publisher>
      <publicationYear><xsl:value-of select="substring($e/dep:built, 1, 4)"/></publicationYear>
      <resourceType resourceTypeGeneral="Collection">Digital edition</resourceType>
      <xsl:for-each select="$e/dep:language">
        <language><xsl:value-of select="."/></language>
      </xsl:for-each>
      <relatedIdentifiers>
        <xsl:for-each select="$e/dep:document">
          <relatedIdentifier relatedIdentifierType="URL" relationType="HasPart">
            <xsl:value-of select="@href"/>
          </relatedIdentifier>
        </xsl:for-each>
      </relatedIdentifiers>
      <version><xsl:value-of select="$e/dep:version"/></version>
      <xsl:for-each select="$e/dep:licence[string(.)]">
        <rightsList>
          <rights>
            <xsl:if test="@target">
              <xsl:attribute name="rightsURI" select="@target"/>
            </xsl:if>
            <xsl:value-of select="."/>
          </rights>
        </rightsList>
      </xsl:for-each>
    </resource>
  </xsl:template>

</xsl:stylesheet>
